import nock from 'nock'
import { createTestIntegration } from '@segment/actions-core'
import destination from '../..'
import { ACCOUNT_SID, API_KEY_SID, mapping, multistatus, settings, smsEvent, TWILIO } from './__helpers__/fixtures'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

const wrongShapes: Array<[string, Record<string, unknown>, RegExp]> = [
  ['a numeric Account SID', { ...settings, accountSID: 12345 }, /Twilio Account SID \(accountSID\).*must be text/],
  ['a numeric API Key SID', { ...settings, apiKeySID: 42 }, /Twilio API Key SID \(apiKeySID\).*must be text/],
  ['an object as the secret', { ...settings, apiKeySecret: { a: 1 } }, /Twilio API Key Secret \(apiKeySecret\)/],
  ['a null Account SID', { ...settings, accountSID: null }, /Twilio Account SID \(accountSID\).*is empty/],
  ['a malformed Account SID', { ...settings, accountSID: 'AC123' }, /Twilio Account SID \(accountSID\)/],
  ['a malformed API Key SID', { ...settings, apiKeySID: ACCOUNT_SID }, /Twilio API Key SID \(apiKeySID\)/]
]

describe('settings of the wrong shape: a final 401 naming the setting, before any request', () => {
  it.each(wrongShapes)('perform with %s', async (_label, badSettings, message) => {
    const twilio = nock(TWILIO).post(/.*/).reply(201, { sid: 'SM1', status: 'queued' })
    const testDestination = createTestIntegration(destination)
    const run = testDestination.testAction('sendMessage', {
      event: smsEvent(),
      settings: badSettings as never,
      mapping
    })
    await expect(run).rejects.toMatchObject({ name: 'InvalidAuthenticationError', status: 401, message })
    expect(twilio.isDone()).toBe(false)
  })

  it.each(wrongShapes)(
    'performBatch with %s: every event gets the 401, the batch itself does not fail',
    async (_l, bad, message) => {
      const twilio = nock(TWILIO).post(/.*/).reply(201, { sid: 'SM1', status: 'queued' })
      const testDestination = createTestIntegration(destination)
      await testDestination.testBatchAction('sendMessage', {
        events: [smsEvent(), smsEvent()],
        settings: bad as never,
        mapping
      })
      const results = multistatus(testDestination)
      expect(results).toHaveLength(2)
      for (const entry of results) {
        expect(entry).toMatchObject({ status: 401, errortype: 'INVALID_AUTHENTICATION' })
        expect(entry.errormessage).toMatch(message)
      }
      expect(twilio.isDone()).toBe(false)
    }
  )

  it('the message never repeats the value (it may be the secret)', async () => {
    const testDestination = createTestIntegration(destination)
    const run = testDestination.testAction('sendMessage', {
      event: smsEvent(),
      settings: { ...settings, apiKeySecret: { secret: 'hunter2-xyz' } } as never,
      mapping
    })
    await expect(run).rejects.not.toMatchObject({ message: expect.stringContaining('hunter2-xyz') })
    expect(API_KEY_SID).toMatch(/^SK/)
  })
})
