// A scheduled message Twilio accepted, redelivered once its Send At is no longer inside Twilio's scheduling window
// (Segment retries for hours): answered with the recorded sid, never a final 400.
import nock from 'nock'
import { createTestIntegration } from '@segment/actions-core'
import destination from '../..'
import { clearMemoryDedup } from '../dedup'
import { MG_SID, mapping, multistatus, settings, smsEvent } from './__helpers__/fixtures'
import { SegmentStatePlatform } from './__helpers__/segment-state-context'
import { startTwilioFake } from './__helpers__/twilio-fake'

const T0 = new Date('2026-11-27T10:00:00Z').getTime()
const MINUTE = 60_000
let clock = T0

const scheduled = {
  ...mapping,
  senderType: 'Messaging Service',
  messagingServiceSid: MG_SID,
  sendAt: { '@path': '$.properties.send_at' }
}

beforeAll(() => nock.disableNetConnect())
beforeEach(() => {
  clearMemoryDedup()
  // Only the clock the action reads (Date.now) is moved; timers and sockets run as usual.
  clock = T0
  jest.spyOn(Date, 'now').mockImplementation(() => clock)
})
afterEach(() => {
  jest.restoreAllMocks()
  nock.cleanAll()
})
afterAll(() => nock.enableNetConnect())

const scheduledEvent = () => smsEvent({ send_at: new Date(T0 + 60 * MINUTE).toISOString() })

describe('Send At: the record is read before the scheduling window', () => {
  it.each([
    ['one minute before Send At', 59 * MINUTE],
    ['after Send At passed', 3 * 60 * MINUTE]
  ])('perform, redelivered %s: the recorded sid, no request', async (_label, later) => {
    const twilio = startTwilioFake()
    const event = scheduledEvent()
    const testDestination = createTestIntegration(destination)
    await testDestination.testAction('sendMessage', { event, settings, mapping: scheduled })
    expect(twilio.messages[0]).toMatchObject({ status: 'scheduled' })
    clock = T0 + later
    const responses = await testDestination.testAction('sendMessage', { event, settings, mapping: scheduled })
    expect(responses).toHaveLength(0)
    expect(twilio.posts).toBe(1)
  })

  it('performBatch on another process with stateContext: the recorded sid for the scheduled event', async () => {
    const twilio = startTwilioFake()
    const platform = new SegmentStatePlatform()
    const event = scheduledEvent()
    const testDestination = createTestIntegration(destination)
    const batch = () =>
      platform.run((stateContext) =>
        testDestination.testBatchAction('sendMessage', {
          events: [event],
          settings,
          mapping: scheduled,
          stateContext
        })
      )
    await batch()
    const sid = (multistatus(testDestination)[0].body as { sid: string }).sid
    clearMemoryDedup()
    clock = T0 + 2 * 60 * MINUTE
    await batch()
    expect(multistatus(testDestination)[0]).toMatchObject({ status: 200, body: { sid, duplicate: true } })
    expect(twilio.posts).toBe(1)
  })

  it('a Send At outside the window that was never sent is still refused, naming the field', async () => {
    const twilio = startTwilioFake()
    const testDestination = createTestIntegration(destination)
    const event = smsEvent({ send_at: new Date(T0 + MINUTE).toISOString() })
    await expect(
      testDestination.testAction('sendMessage', { event, settings, mapping: scheduled })
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('Send At (sendAt)') })
    expect(twilio.posts).toBe(0)
  })
})
