import type { ActionDefinition } from '@segment/actions-core'
import type { Settings } from '../generated-types'
import type { Payload } from './generated-types'
import { fields } from './fields'
import { buildMessageRequest } from './build-request'
import { dynamicFields } from './dynamic-fields'
import { performBatch, messageIdOf } from './batch'
import { sendOnce } from './dedup'

const action: ActionDefinition<Settings, Payload> = {
  title: 'Send message',
  description:
    'Send an SMS, MMS, WhatsApp, RCS or Facebook Messenger message through Twilio, written inline or from a Twilio Content Template.',
  defaultSubscription: 'type = "track"',
  fields,
  dynamicFields,
  perform: async (request, data) => {
    const { payload, settings } = data
    const event = rawEvent(data)
    const message = buildMessageRequest(payload, { event, mapping: (data as { rawMapping?: unknown }).rawMapping })
    const outcome = await sendOnce(request, settings, message, {
      messageId: messageIdOf(payload, event),
      stateContext: data.stateContext,
      logger: data.logger
    })
    if (!outcome.ok) throw outcome.error
    // A redelivered event answers with the result recorded when Twilio accepted it.
    return outcome.response ?? { sid: outcome.message.sid, status: outcome.message.status, duplicate: true }
  },
  performBatch
}

/** actions-core passes the unmapped event as `rawData` but does not declare it in ExecuteInput. */
export function rawEvent(data: object): unknown {
  return (data as { rawData?: unknown }).rawData
}

export default action
