import nock from 'nock'
import { createTestIntegration } from '@segment/actions-core'
import destination from '../..'
import { clearMemoryDedup } from '../dedup'
import { FLOOR_TRIES } from '../limiter-settings'
import { withCeiling } from './__helpers__/fixtures'
import {
  MESSAGES_PATH,
  mapping,
  multistatus,
  settings,
  smsEvent,
  twilioMessage,
  TOO_MANY_REQUESTS,
  TWILIO
} from '../../__tests__/__helpers__/fixtures'
import { countingTwilio, twilioByRecipient } from './__helpers__/twilio-replies'

beforeAll(() => nock.disableNetConnect())
beforeEach(() => {
  clearMemoryDedup()
  // A send without a usable answer is looked up in Twilio's list at once; here the list holds no such message.
  nock(TWILIO).persist().get(MESSAGES_PATH).query(true).reply(200, { messages: [] })
})
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

describe('performBatch', () => {
  it('has the batch fields with the documented defaults', () => {
    const { fields } = destination.actions.sendMessage
    expect(fields.enable_batching).toMatchObject({ type: 'boolean', default: false })
    expect(fields.batch_size).toMatchObject({ type: 'integer', default: 100, minimum: 1, maximum: 1000 })
    expect(fields.messageId).toMatchObject({ unsafe_hidden: true, default: { '@path': '$.messageId' } })
  })

  it('returns one entry per event, in order: success, validation error, Twilio error, auth error, 5xx', async () => {
    const seen = twilioByRecipient({
      '+14155550002': [400, { code: 21211, message: "The 'To' number is not valid.", status: 400 }],
      '+14155550003': [401, { code: 20003, message: 'Authenticate', status: 401 }],
      '+14155550004': [503, { code: 20503, message: 'Service unavailable', status: 503 }]
    })
    const testDestination = createTestIntegration(destination)
    const events = [
      smsEvent({ properties: { phone: '+14155550001', first_name: 'Ada', order_id: '1' } }),
      smsEvent({ properties: { phone: 'not a phone', first_name: 'Bob', order_id: '2' } }),
      smsEvent({ properties: { phone: '+14155550002', first_name: 'Cy', order_id: '3' } }),
      smsEvent({ properties: { phone: '+14155550003', first_name: 'Di', order_id: '4' } }),
      smsEvent({ properties: { phone: '+14155550004', first_name: 'Ed', order_id: '5' } })
    ]
    await testDestination.testBatchAction('sendMessage', { events, settings, mapping, useDefaultMappings: true })
    const results = multistatus(testDestination)
    expect(results).toHaveLength(5)

    expect(results[0]).toMatchObject({
      status: 201,
      sent: { To: '+14155550001', From: '+15005550006', Body: 'Hi Ada, your order 1 shipped' },
      body: { sid: expect.stringMatching(/^SM/), status: 'queued' }
    })
    expect(results[1]).toMatchObject({ status: 400, errortype: 'PAYLOAD_VALIDATION_FAILED' })
    expect(results[1].errormessage).toContain('(toPhoneNumber)')
    expect(results[2]).toMatchObject({ status: 400, errortype: 'BAD_REQUEST', body: { code: 21211 } })
    expect(results[2].errormessage).toContain('Twilio error 21211')
    expect(results[3]).toMatchObject({ status: 401, errortype: 'INVALID_AUTHENTICATION' })
    expect(results[4]).toMatchObject({ status: 503, errortype: 'SERVICE_UNAVAILABLE' })
    for (const entry of results.slice(1)) {
      expect(entry.sent).toBeDefined()
      expect(entry.body).toBeDefined()
      expect(entry.errorreporter).toBe('DESTINATION')
    }
    // The invalid event never reached Twilio: four requests for five events.
    expect(seen.sort()).toEqual(['+14155550001', '+14155550002', '+14155550003', '+14155550004'])
  })

  it('does not send an event that fails validation', async () => {
    const scope = nock(TWILIO).post(MESSAGES_PATH).reply(201, twilioMessage('SM1'))
    const testDestination = createTestIntegration(destination)
    await testDestination.testBatchAction('sendMessage', {
      events: [smsEvent({ properties: { phone: '+14155552671', order_id: '9' } })], // no first_name
      settings,
      mapping,
      useDefaultMappings: true
    })
    const [entry] = multistatus(testDestination)
    expect(entry).toMatchObject({ status: 400, errortype: 'PAYLOAD_VALIDATION_FAILED' })
    expect(entry.errormessage).toContain('{{first_name}}')
    expect(scope.isDone()).toBe(false)
  })

  it('indexes results by the schema-valid payloads and fills placeholders from the right event', async () => {
    twilioByRecipient({})
    const testDestination = createTestIntegration(destination)
    const events = [
      smsEvent({ properties: { channel: 'SMS', phone: '+14155550011', first_name: 'Ann', order_id: 'A' } }),
      // Messenger without a user id fails actions-core's schema validation and is filtered out.
      smsEvent({ properties: { channel: 'Messenger', first_name: 'X', order_id: 'X' } }),
      smsEvent({ properties: { channel: 'SMS', phone: '+14155550012', first_name: 'Ben', order_id: 'B' } })
    ]
    await testDestination.testBatchAction('sendMessage', {
      events,
      settings,
      mapping: { ...mapping, channel: { '@path': '$.properties.channel' } },
      useDefaultMappings: true
    })
    const results = multistatus(testDestination)
    expect(results).toHaveLength(3)
    expect(results[0]).toMatchObject({
      status: 201,
      sent: { To: '+14155550011', Body: 'Hi Ann, your order A shipped' }
    })
    expect(results[1]).toMatchObject({ status: 400, errortype: 'PAYLOAD_VALIDATION_FAILED' })
    expect(results[2]).toMatchObject({
      status: 201,
      sent: { To: '+14155550012', Body: 'Hi Ben, your order B shipped' }
    })
  })

  it('lines events up with a mapping saved without the hidden messageId field (plain {{…}} placeholders)', async () => {
    twilioByRecipient({})
    const testDestination = createTestIntegration(destination)
    const savedMapping = {
      channel: 'SMS',
      senderType: 'Phone number',
      contentTemplateType: 'Inline',
      toPhoneNumber: { '@path': '$.properties.phone' },
      fromPhoneNumber: '+14155550100',
      inlineBody: 'Hi {{first_name}} #{{properties.n}}',
      validityPeriod: { '@path': '$.properties.validity' }
    }
    // Event 2's validity is not a number: actions-core's schema drops it before performBatch sees the payloads.
    const events = [0, 1, 2, 3, 4].map((n) =>
      smsEvent({ properties: { phone: `+1415555002${n}`, first_name: `P${n}`, n, validity: n === 2 ? 'soon' : 600 } })
    )
    await testDestination.testBatchAction('sendMessage', { events, settings, mapping: savedMapping })
    const results = multistatus(testDestination)
    expect(results.map((entry) => entry.status)).toEqual([201, 201, 400, 201, 201])
    expect(results[3]).toMatchObject({ sent: { To: '+14155550023', Body: 'Hi P3 #3' } })
    expect(results[4]).toMatchObject({ sent: { To: '+14155550024', Body: 'Hi P4 #4' } })
  })

  it('stops starting sends after 429s at the lowest concurrency and reports the unsent ones as retryable 429', async () => {
    // One call at a time, and Twilio refuses every call after the first: a pause after each refusal at concurrency
    // 1, and FLOOR_TRIES in a row end the batch's sends; the messages not sent by then are held back.
    const twilio = countingTwilio((n) => (n >= 2 ? [429, TOO_MANY_REQUESTS] : [201, twilioMessage(`SM${n}`)]))
    const testDestination = createTestIntegration(withCeiling(1))
    const events = Array.from({ length: 16 }, () => smsEvent())
    await testDestination.testBatchAction('sendMessage', { events, settings, mapping, useDefaultMappings: true })
    const results = multistatus(testDestination)
    expect(twilio.posts).toBe(1 + FLOOR_TRIES)
    expect(results[0].status).toBe(201)
    const notSent = (entry: object) => Boolean((entry as { body?: { not_sent?: boolean } }).body?.not_sent)
    for (const entry of results.slice(1)) {
      expect(entry).toMatchObject({ status: 429, errortype: 'TOO_MANY_REQUESTS' })
      expect(entry.errormessage).toContain(notSent(entry) ? 'held back' : 'Twilio error 20429')
    }
    expect(results.filter(notSent).length).toBeGreaterThan(0)
  })

  it('keeps at most the ceiling of sends in flight', async () => {
    let inFlight = 0
    let peak = 0
    nock(TWILIO)
      .persist()
      .post(MESSAGES_PATH)
      .reply(async () => {
        inFlight++
        peak = Math.max(peak, inFlight)
        await new Promise((resolve) => setTimeout(resolve, 20))
        inFlight--
        return [201, twilioMessage('SMx')]
      })
    const testDestination = createTestIntegration(withCeiling(3))
    const events = Array.from({ length: 12 }, () => smsEvent())
    await testDestination.testBatchAction('sendMessage', { events, settings, mapping, useDefaultMappings: true })
    expect(multistatus(testDestination).every((entry) => entry.status === 201)).toBe(true)
    expect(peak).toBe(3)
  })
})
