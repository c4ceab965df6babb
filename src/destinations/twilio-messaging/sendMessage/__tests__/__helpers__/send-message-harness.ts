// The sendMessage action end to end through actions-core against a nocked Twilio: one event and mapping, each POST
// captured, and Twilio's message list empty (what the readback after a 5xx finds when nothing was created).
import nock from 'nock'
import { createTestEvent, createTestIntegration } from '@segment/actions-core'
import type { JSONObject } from '@segment/actions-core'
import destination from '../../..'
import { MESSAGES_PATH, SETTINGS } from '../../../__tests__/__helpers__/fixtures'

const API = 'https://api.twilio.com'
const testDestination = createTestIntegration(destination)

export const event = createTestEvent({
  type: 'track',
  event: 'Order Completed',
  messageId: 'evt-1',
  properties: { first_name: 'Ada', phone: '+14155552671', order_id: 'o-7' }
})

export const baseMapping = {
  channel: 'SMS',
  senderType: 'Phone number',
  contentTemplateType: 'Inline',
  toPhoneNumber: { '@path': '$.properties.phone' },
  fromPhoneNumber: '+14155550100',
  inlineBody: 'Hello {{first_name}}'
}

export const twilioMessage = (overrides: Record<string, unknown> = {}) => ({
  sid: 'SM0123456789abcdef0123456789abcdef',
  status: 'queued',
  num_segments: '1',
  error_code: null,
  ...overrides
})

interface Captured {
  body: string
  headers: Record<string, string | string[] | undefined>
}

/** Twilio answers the next POST with `status` and `reply`; `captured` collects what it received. */
export function expectMessage(status = 201, reply: unknown = twilioMessage(), headers: Record<string, string> = {}) {
  const captured: Captured[] = []
  const scope = nock(API)
    .post(MESSAGES_PATH)
    .reply(function (_uri, body) {
      captured.push({ body: body as string, headers: this.req.headers })
      return [status, reply as nock.Body, { 'Content-Type': 'application/json', ...headers }]
    })
  return { scope, captured }
}

let sent = 0

/** Each send is a new event (its own messageId), so duplicate protection does not answer from an earlier test. */
export async function send(mapping: Record<string, unknown>) {
  const fresh = { ...event, messageId: `evt-${++sent}` }
  return testDestination.testAction('sendMessage', { event: fresh, settings: SETTINGS, mapping: mapping as JSONObject })
}

/** No network but nock's; mocks cleared after each test; Twilio's message list empty. */
export function useNockedMessages(): void {
  beforeAll(() => nock.disableNetConnect())
  beforeEach(() => {
    // After a 500 the destination looks the send up in Twilio's list at once; here the list holds no such message.
    nock('https://api.twilio.com').persist().get(MESSAGES_PATH).query(true).reply(200, { messages: [] })
  })
  afterEach(() => nock.cleanAll())
  afterAll(() => nock.enableNetConnect())
}
