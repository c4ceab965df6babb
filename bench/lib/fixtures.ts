// What every benchmark sends: the demo account, npm start's SMS inline mapping, and events whose recipient is new
// every time (the costly case: a phone number nobody has read yet), plus the framework's one-field floor.
import type { DestinationDefinition, JSONObject, SegmentEvent } from '@segment/actions-core'
import { fields } from '../../src/destinations/twilio-messaging/sendMessage/fields'
import { DEMO_CREDENTIALS } from '../../src/emulator'

export const settings = {
  accountSID: DEMO_CREDENTIALS.accountSid,
  apiKeySID: DEMO_CREDENTIALS.apiKeySid,
  apiKeySecret: DEMO_CREDENTIALS.apiKeySecret
}

const defaults = Object.fromEntries(
  Object.entries(fields)
    .filter(([, field]) => field.default !== undefined)
    .map(([key, field]) => [key, field.default])
)

export const mapping = {
  ...defaults,
  toPhoneNumber: { '@path': '$.properties.phone' },
  fromPhoneNumber: '+14155550100',
  inlineBody: { '@template': 'Hi {{properties.first_name}}, order {{properties.order_id}} has shipped' }
} as JSONObject

let eventCounter = 0

/** A track event with a fresh messageId and a recipient never used before in this process (up to 8 million). */
export function event(): SegmentEvent {
  eventCounter++
  return {
    type: 'track',
    event: 'Order Shipped',
    messageId: `bench-${process.pid}-${eventCounter}`,
    timestamp: new Date().toISOString(),
    properties: {
      phone: `+1415${2000000 + (eventCounter % 8000000)}`,
      first_name: 'Ada',
      order_id: `A-${eventCounter}`,
      text: 'hi'
    }
  } as SegmentEvent
}

export const events = (n: number) => Array.from({ length: n }, () => event())

export const subscription = (partnerAction: string, actionMapping: JSONObject) => ({
  subscribe: 'type = "track"',
  partnerAction,
  mapping: actionMapping
})

/** Destination settings with the subscription that runs sendMessage with `mapping`. */
export const oursSettings = (extra: Record<string, unknown> = {}) =>
  ({ ...settings, ...extra, subscription: subscription('sendMessage', mapping) }) as unknown as JSONObject

// The framework's floor: a one-field action that posts its field, in the same runtime and transport.
export const floorDefinition: DestinationDefinition<Record<string, never>> = {
  name: 'Floor',
  mode: 'cloud',
  actions: {
    send: {
      title: 'Send',
      description: 'Posts one field.',
      fields: { text: { label: 'Text', description: 'The text.', type: 'string', required: true } },
      perform: (request, { payload }) => request('https://floor.example/send', { method: 'POST', json: payload })
    }
  }
}

export const floorSettings = {
  subscription: subscription('send', { text: { '@path': '$.properties.text' } } as JSONObject)
} as unknown as JSONObject

export function withEnv<T>(values: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const previous = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]))
  const set = (vals: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(vals)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  }
  set(values)
  return fn().finally(() => set(previous))
}

export const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10
export const round1 = (value: number) => Math.round(value * 10) / 10

/**
 * One turn of the event loop. A server gets its events through I/O, so the loop turns between them; a loop of
 * awaited promises alone never does, and then Node never runs FinalizationRegistry callbacks, which is how Node 20
 * frees the AbortSignal.any() signals actions-core makes for every request (nodejs/node#54614): about 1.9 KB per
 * request would pile up, in the floor as in ours.
 */
export const turnEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))
