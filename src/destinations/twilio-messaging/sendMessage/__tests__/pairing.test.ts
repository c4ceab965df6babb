import nock from 'nock'
import { createTestIntegration } from '@segment/actions-core'
import destination from '../..'
import { clearMemoryDedup } from '../dedup'
import { mapping, multistatus, settings, smsEvent } from './__helpers__/fixtures'
import { startTwilioFake } from './__helpers__/twilio-fake'

beforeAll(() => nock.disableNetConnect())
beforeEach(() => clearMemoryDedup())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

/** Phones stored as numbers (coerced to strings by validation), one event without a phone (refused by perform). */
function adaNobodyBob() {
  return [
    smsEvent({ phone: 14155550001, first_name: 'Ada', order_id: 1 }),
    smsEvent({ phone: undefined, first_name: 'Nobody', order_id: 2 }),
    smsEvent({ phone: 14155550003, first_name: 'Bob', order_id: 3 })
  ]
}

describe('batch pairing: every valid event behaves as it does alone', () => {
  it('one invalid event among numeric phones: the valid ones are sent with their own text', async () => {
    const twilio = startTwilioFake()
    const testDestination = createTestIntegration(destination)
    await testDestination.testBatchAction('sendMessage', { events: adaNobodyBob(), settings, mapping })
    const results = multistatus(testDestination)
    expect(results.map((entry) => entry.status)).toEqual([201, 400, 201])
    expect(results[0]).toMatchObject({ sent: { To: '+14155550001', Body: 'Hi Ada, order 1 shipped' } })
    expect(results[2]).toMatchObject({ sent: { To: '+14155550003', Body: 'Hi Bob, order 3 shipped' } })
    expect(twilio.posts).toBe(2)
  })

  it('the same batch delivered twice sends each valid message once (the messageId stays paired)', async () => {
    const twilio = startTwilioFake()
    const events = adaNobodyBob()
    const testDestination = createTestIntegration(destination)
    await testDestination.testBatchAction('sendMessage', { events, settings, mapping })
    await testDestination.testBatchAction('sendMessage', { events, settings, mapping })
    expect(multistatus(testDestination).map((entry) => entry.status)).toEqual([200, 400, 200])
    expect(twilio.posts).toBe(2)
  })

  it('pairs with a mapping saved without the messageId field and values coerced by validation', async () => {
    const twilio = startTwilioFake()
    const { messageId: _omitted, ...savedMapping } = mapping
    const coercing = {
      ...savedMapping,
      validityPeriod: { '@path': '$.properties.ttl' }, // "3600" becomes 3600
      unknownKey: 'dropped by validation'
    }
    const events = [
      smsEvent({ phone: 14155550011, first_name: 'Ann', ttl: '3600' }),
      smsEvent({ phone: 14155550012, first_name: 'Bad', ttl: 'soon' }), // not an integer: invalid
      smsEvent({ phone: 14155550013, first_name: 'Cy', ttl: '600' })
    ]
    const testDestination = createTestIntegration(destination)
    await testDestination.testBatchAction('sendMessage', { events, settings, mapping: coercing })
    const results = multistatus(testDestination)
    expect(results.map((entry) => entry.status)).toEqual([201, 400, 201])
    expect(results[0]).toMatchObject({ sent: { To: '+14155550011', Body: expect.stringMatching(/^Hi Ann/) } })
    expect(results[0].sent).toMatchObject({ ValidityPeriod: '3600' })
    expect(results[2]).toMatchObject({ sent: { To: '+14155550013', Body: expect.stringMatching(/^Hi Cy/) } })
    expect(twilio.posts).toBe(2)
  })
})
