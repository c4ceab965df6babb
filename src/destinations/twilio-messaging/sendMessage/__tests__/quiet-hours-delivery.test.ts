// Quiet hours through perform and performBatch (issue 18): the result says what happened, a held-back message is a
// final error with no request, a batch decides each event on its own zone, and duplicate protection treats the
// scheduled message as the send: a redelivery after the allowed hours began (or after they ended, for a message sent
// at once) is answered from its record, never sent again nor refused.
import nock from 'nock'
import { PayloadValidationError, createTestIntegration } from '@segment/actions-core'
import type { DecoratedResponse } from '@segment/actions-core'
import destination from '../..'
import { clearMemoryDedup } from '../dedup'
import { MG_SID, mapping, multistatus, quickDestination, settings, smsEvent } from './__helpers__/fixtures'
import { SegmentStatePlatform } from './__helpers__/segment-state-context'
import { startTwilioFake } from './__helpers__/twilio-fake'

let clock = 0
const at = (utc: string) => (clock = Date.parse(utc))

const quietMapping = {
  ...mapping,
  senderType: 'Messaging Service',
  messagingServiceSid: MG_SID,
  quietHours: true,
  recipientTimeZone: { '@path': '$.context.timezone' }
}
const fromNumber = { ...quietMapping, senderType: 'Phone number' }

const eventIn = (timezone: string) => smsEvent({}, { context: { timezone } })

/** What perform returned (the data of actions-core's last result). */
function performed(testDestination: { results: unknown[] }): Record<string, unknown> | undefined {
  const results = testDestination.results as Array<{ data?: unknown }>
  return [...results].reverse().find((result) => result.data !== undefined)?.data as Record<string, unknown>
}

/** The form parameters of every Create Message call among the responses testAction answered. */
function posted(responses: DecoratedResponse[]): Array<Record<string, string>> {
  return responses
    .filter((response) => response.request.method === 'POST')
    .map((response) => Object.fromEntries(new URLSearchParams(String(response.options.body ?? ''))))
}

/** One event from Chicago through perform at `utc`. */
async function sendFromChicago(utc: string, testDestination = createTestIntegration(destination)) {
  at(utc)
  const event = eventIn('America/Chicago')
  const responses = await testDestination.testAction('sendMessage', { event, settings, mapping: quietMapping })
  return { testDestination, responses }
}

beforeAll(() => nock.disableNetConnect())
beforeEach(() => {
  clearMemoryDedup()
  jest.spyOn(Date, 'now').mockImplementation(() => clock)
})
afterEach(() => {
  jest.restoreAllMocks()
  nock.cleanAll()
})
afterAll(() => nock.enableNetConnect())

describe('perform', () => {
  it('at 23:40 in Chicago: scheduled for 08:00 there, and the result says so', async () => {
    const twilio = startTwilioFake()
    const { testDestination, responses } = await sendFromChicago('2026-12-07T05:40:00Z')
    expect(posted(responses)).toEqual([
      expect.objectContaining({ SendAt: '2026-12-07T14:00:00Z', ScheduleType: 'fixed', MessagingServiceSid: MG_SID })
    ])
    expect(performed(testDestination)).toMatchObject({
      sid: twilio.messages[0].sid,
      status: 'scheduled',
      quietHours: 'scheduled for 2026-12-07T14:00:00Z, 08:00 America/Chicago, quiet hours'
    })
  })

  it('at noon in Chicago: sent at once, and the result says why', async () => {
    startTwilioFake()
    const { testDestination, responses } = await sendFromChicago('2026-12-07T18:00:00Z')
    expect(posted(responses)).toHaveLength(1)
    expect(posted(responses)[0].SendAt).toBeUndefined()
    expect(performed(testDestination)).toMatchObject({
      quietHours: 'sent at once, 12:00 America/Chicago, inside the allowed hours 08:00–21:00'
    })
  })

  it.each([
    ['at 07:50, when the next opening would be 08:06', '2026-12-07T13:50:00Z'],
    ['at 08:30, inside the allowed hours', '2026-12-07T14:30:00Z'],
    ['at 23:30 the next night, past the Send At', '2026-12-08T05:30:00Z']
  ])('scheduled at 23:40, redelivered %s: the recorded sid, no request', async (_label, later) => {
    const twilio = startTwilioFake()
    const testDestination = createTestIntegration(destination)
    const event = eventIn('America/Chicago')
    at('2026-12-07T05:40:00Z')
    await testDestination.testAction('sendMessage', { event, settings, mapping: quietMapping })
    at(later)
    const responses = await testDestination.testAction('sendMessage', { event, settings, mapping: quietMapping })
    expect(responses).toHaveLength(0)
    expect(twilio.posts).toBe(1)
    expect(performed(testDestination)).toEqual({ sid: twilio.messages[0].sid, status: 'scheduled', duplicate: true })
  })

  it('sent at once at 20:50 from a phone number, redelivered at 21:10: answered from its record, not held back', async () => {
    const twilio = startTwilioFake()
    const testDestination = createTestIntegration(destination)
    const event = eventIn('America/Chicago')
    at('2026-12-08T02:50:00Z')
    await testDestination.testAction('sendMessage', { event, settings, mapping: fromNumber })
    at('2026-12-08T03:10:00Z')
    await testDestination.testAction('sendMessage', { event, settings, mapping: fromNumber })
    expect(twilio.posts).toBe(1)
    expect(performed(testDestination)).toMatchObject({ sid: twilio.messages[0].sid, duplicate: true })
  })

  it('redelivered to another process after the window opened: answered from the record Segment keeps', async () => {
    const twilio = startTwilioFake()
    const platform = new SegmentStatePlatform()
    const testDestination = createTestIntegration(destination)
    const event = eventIn('America/Chicago')
    const send = () =>
      platform.run((stateContext) =>
        testDestination.testAction('sendMessage', { event, settings, mapping: quietMapping, stateContext })
      )
    at('2026-12-07T05:40:00Z')
    await send()
    clearMemoryDedup()
    at('2026-12-07T15:00:00Z')
    await send()
    expect(twilio.posts).toBe(1)
    expect(performed(testDestination)).toMatchObject({ duplicate: true })
  })

  it("a send without an answer that Twilio's list confirms: confirmed, and still says what quiet hours did", async () => {
    const twilio = startTwilioFake({ faults: ['slow-after-create'] })
    const { testDestination } = await sendFromChicago('2026-12-07T05:40:00Z', createTestIntegration(quickDestination()))
    expect(twilio.posts).toBe(1)
    expect(performed(testDestination)).toEqual({
      sid: twilio.messages[0].sid,
      status: 'scheduled',
      confirmedByReadback: true,
      quietHours: 'scheduled for 2026-12-07T14:00:00Z, 08:00 America/Chicago, quiet hours'
    })
  })

  it('held back from a phone number: a final error that says so, and no request', async () => {
    const twilio = startTwilioFake()
    const testDestination = createTestIntegration(destination)
    at('2026-12-07T05:40:00Z')
    const sending = testDestination.testAction('sendMessage', {
      event: eventIn('America/Chicago'),
      settings,
      mapping: fromNumber
    })
    await expect(sending).rejects.toBeInstanceOf(PayloadValidationError)
    await expect(sending).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/^Held back by quiet hours, not sent \(Segment does not retry it\): it is 23:40/)
    })
    expect(twilio.posts).toBe(0)
  })
})

describe('performBatch: each event on its own zone', () => {
  const events = () => [
    eventIn('America/Chicago'), // 23:40: scheduled for 08:00 CST
    eventIn('Asia/Tokyo'), // 14:40: sent at once
    eventIn('GMT+2'), // no zone and no fallback: refused, naming the field
    eventIn('America/Los_Angeles') // 21:40: scheduled for 08:00 PST
  ]

  it('a batch spanning zones sends some now, schedules others, and refuses the one without a zone', async () => {
    const twilio = startTwilioFake()
    const testDestination = createTestIntegration(destination)
    at('2026-12-07T05:40:00Z')
    await testDestination.testBatchAction('sendMessage', { events: events(), settings, mapping: quietMapping })
    const entries = multistatus(testDestination)
    expect(entries.map((entry) => [entry.status, (entry.sent as Record<string, string>)?.SendAt])).toEqual([
      [201, '2026-12-07T14:00:00Z'],
      [201, undefined],
      [400, undefined],
      [201, '2026-12-07T16:00:00Z']
    ])
    expect(entries.map((entry) => (entry.body as { quietHours?: string })?.quietHours)).toEqual([
      'scheduled for 2026-12-07T14:00:00Z, 08:00 America/Chicago, quiet hours',
      'sent at once, 14:40 Asia/Tokyo, inside the allowed hours 08:00–21:00',
      undefined,
      'scheduled for 2026-12-07T16:00:00Z, 08:00 America/Los_Angeles, quiet hours'
    ])
    expect(entries[2].errormessage).toMatch(/^Recipient Time Zone \(recipientTimeZone\) "GMT\+2" is not a time zone/)
    expect(twilio.posts).toBe(3)
  })

  it('redelivered nine hours later (Chicago open, Tokyo closed): every sent event answered from its record', async () => {
    const twilio = startTwilioFake()
    const testDestination = createTestIntegration(destination)
    const batch = events()
    at('2026-12-07T05:40:00Z')
    await testDestination.testBatchAction('sendMessage', { events: batch, settings, mapping: quietMapping })
    const sids = multistatus(testDestination).map((entry) => (entry.body as { sid?: string }).sid)
    at('2026-12-07T14:40:00Z')
    await testDestination.testBatchAction('sendMessage', { events: batch, settings, mapping: quietMapping })
    const again = multistatus(testDestination)
    expect(again.map((entry) => entry.status)).toEqual([200, 200, 400, 200])
    expect(again.map((entry) => (entry.body as { sid?: string }).sid)).toEqual(sids)
    expect(twilio.posts).toBe(3)
  })
})
