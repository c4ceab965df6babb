// Quiet hours against the Twilio emulator (issue 18): the destination and the emulator share one ManualTime clock, so
// each case is decided at its own instant, Twilio's scheduling window is checked by the emulator as Twilio checks it,
// and the scheduled message is released exactly at its Send At. Zones either side of midnight and of daylight-saving
// changes, windows that cross midnight, the 15-minute minimum at the window's edge and the 35-day maximum.
import { createTestIntegration } from '@segment/actions-core'
import type { JSONObject, SegmentEvent } from '@segment/actions-core'
import { createTwilioMessaging } from '../src/destinations/twilio-messaging'
import { clearMemoryDedup } from '../src/destinations/twilio-messaging/sendMessage/dedup'
import { DEMO_CREDENTIALS, ManualTime, createDemoAccount, startEmulator, type RunningEmulator } from '../src/emulator'
import { sampleEvent, sampleMapping, settingsFor } from '../src/server/samples'
import { targetTwilio } from '../src/twilio-target'
import { sendMessage as postToEmulator } from './emulator-helpers'

jest.setTimeout(30_000)

const STEP = 1000
const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
const settings = settingsFor(DEMO_CREDENTIALS)
/** The demo account's Marketing service, which holds an SMS sender. */
const SERVICE = createDemoAccount().services[0].sid

let time: ManualTime
let emulator: RunningEmulator | undefined

/** A fresh emulator whose clock, and the destination's, reads `now`. */
async function startAt(now: string) {
  time = new ManualTime(now)
  const started = await startEmulator({ scheduler: time, stepMs: STEP })
  emulator = started
  const destination = createTwilioMessaging({ localTwilio: true, now: () => time.now().getTime() })
  return { testDestination: createTestIntegration(targetTwilio(destination, started.url)), emulator: started }
}

afterEach(async () => {
  await emulator?.close()
  emulator = undefined
  clearMemoryDedup()
})

/** The sample SMS mapping through the demo Marketing service, with quiet hours on (US federal hours, Schedule). */
function quietMapping(fields: JSONObject = {}): JSONObject {
  const quiet = { quietHours: true, recipientTimeZone: { '@path': '$.context.timezone' } }
  return { ...sampleMapping(), senderType: 'Messaging Service', messagingServiceSid: SERVICE, ...quiet, ...fields }
}

let counter = 0
/** The sample event from a recipient in `timezone`, each with its own messageId. */
const eventIn = (timezone: string): SegmentEvent => {
  const event = sampleEvent() as unknown as SegmentEvent
  return { ...event, messageId: `quiet-${++counter}`, context: { ...(event.context as JSONObject), timezone } }
}

const custom = (start: string, end: string) => ({
  quietHoursWindow: 'Custom',
  quietHoursStart: start,
  quietHoursEnd: end
})

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

/** The one message the emulator holds, and what perform answered. */
async function sendOne(now: string, zone: string, fields: JSONObject = {}) {
  const { testDestination, emulator } = await startAt(now)
  await testDestination.testAction('sendMessage', { event: eventIn(zone), settings, mapping: quietMapping(fields) })
  const results = testDestination.results as Array<{ data?: { quietHours?: string } }>
  return { emulator, message: emulator.state.messages[0], quietHours: results[results.length - 1]?.data?.quietHours }
}

describe('scheduled for the next opening, accepted by the emulator, released exactly then', () => {
  it.each([
    // label, zone, window (Allowed Hours, else US federal 08:00-21:00), now, Send At, its local time
    ['23:40 in Chicago', 'America/Chicago', {}, '2026-12-07T05:40:00Z', '2026-12-07T14:00:00Z', '08:00'],
    [
      '00:00 of Dec 8 in Kiritimati (UTC+14)',
      'Pacific/Kiritimati',
      {},
      '2026-12-07T10:00:00Z',
      '2026-12-07T18:00:00Z',
      '08:00'
    ],
    [
      '23:00 of Dec 6 in Pago Pago (UTC-11)',
      'Pacific/Pago_Pago',
      {},
      '2026-12-07T10:00:00Z',
      '2026-12-07T19:00:00Z',
      '08:00'
    ],
    [
      'the night the clocks go forward, Chicago',
      'America/Chicago',
      {},
      '2026-03-08T05:00:00Z',
      '2026-03-08T13:00:00Z',
      '08:00'
    ],
    [
      'the night the clocks go back, Chicago',
      'America/Chicago',
      {},
      '2026-11-01T04:00:00Z',
      '2026-11-01T14:00:00Z',
      '08:00'
    ],
    [
      'the night the clocks go forward, London',
      'Europe/London',
      {},
      '2026-03-28T22:30:00Z',
      '2026-03-29T07:00:00Z',
      '08:00'
    ],
    [
      'the night of a half-hour change, Lord Howe',
      'Australia/Lord_Howe',
      {},
      '2026-10-03T12:00:00Z',
      '2026-10-03T21:00:00Z',
      '08:00'
    ],
    [
      'an opening the clocks skip (02:30), New York',
      'America/New_York',
      custom('02:30', '21:00'),
      '2026-03-08T05:00:00Z',
      '2026-03-08T07:00:00Z',
      '03:00'
    ],
    [
      'noon, window 20:00-02:00 (crosses midnight)',
      'America/Chicago',
      custom('20:00', '02:00'),
      '2026-12-07T18:00:00Z',
      '2026-12-08T02:00:00Z',
      '20:00'
    ],
    [
      '02:00, window 20:00-02:00 (its end)',
      'America/Chicago',
      custom('20:00', '02:00'),
      '2026-12-07T08:00:00Z',
      '2026-12-08T02:00:00Z',
      '20:00'
    ],
    [
      '07:44: the opening is exactly 16 minutes ahead',
      'America/Chicago',
      {},
      '2026-12-07T13:44:00Z',
      '2026-12-07T14:00:00Z',
      '08:00'
    ],
    [
      '07:50: the opening is 10 minutes ahead, too soon',
      'America/Chicago',
      {},
      '2026-12-07T13:50:00Z',
      '2026-12-07T14:06:00Z',
      '08:06'
    ]
  ])('%s', async (_label, zone, window, now, sendAt, local) => {
    const { message, quietHours } = await sendOne(now, zone, window)
    expect(quietHours).toBe(`scheduled for ${sendAt}, ${local} ${zone}, quiet hours`)
    expect(message).toMatchObject({ status: 'scheduled', sendAt })
    const wait = Date.parse(sendAt) - Date.parse(now)
    await time.advance(wait - 1000)
    expect(message.status).toBe('scheduled')
    await time.advance(1000)
    expect(message.events.map((event) => [event.status, iso(event.at.getTime())])).toEqual([
      ['scheduled', now],
      ['queued', sendAt]
    ])
    await time.advance(3 * STEP)
    expect(message.status).toBe('delivered')
    expect(message.dateSent?.getTime()).toBe(Date.parse(sendAt) + 2 * STEP)
  })
})

describe('inside the allowed hours: sent at once', () => {
  it.each([
    ['noon in Chicago', 'America/Chicago', {}, '2026-12-07T18:00:00Z'],
    ['15:45 in Kathmandu (UTC+05:45)', 'Asia/Kathmandu', {}, '2026-12-07T10:00:00Z'],
    ['23:00, window 20:00-02:00', 'America/Chicago', custom('20:00', '02:00'), '2026-12-08T05:00:00Z'],
    ['01:30, window 20:00-02:00', 'America/Chicago', custom('20:00', '02:00'), '2026-12-07T07:30:00Z']
  ])('%s', async (_label, zone, window, now) => {
    const { message, quietHours } = await sendOne(now, zone, window)
    expect(quietHours).toMatch(/^sent at once, /)
    expect(message).toMatchObject({ status: 'accepted', sendAt: null })
    await time.advance(4 * STEP)
    expect(message.status).toBe('delivered')
  })
})

describe("Twilio's window, as the emulator enforces it", () => {
  it.each([
    ['exactly 15 minutes ahead', 201, 15 * MINUTE],
    ['a second less', 400, 15 * MINUTE - 1000],
    ['exactly 35 days ahead', 201, 35 * DAY],
    ['a second more', 400, 35 * DAY + 1000]
  ])('a Send At %s: answered %s', async (_label, status, ahead) => {
    const { emulator } = await startAt('2026-12-07T13:50:00Z')
    const sendAt = iso(time.now().getTime() + ahead)
    const answer = await postToEmulator(emulator, {
      To: '+14155552671',
      MessagingServiceSid: SERVICE,
      Body: 'x',
      ScheduleType: 'fixed',
      SendAt: sendAt
    })
    expect(answer.status).toBe(status)
  })

  it('at 07:50 the opening itself (08:00) is refused by the emulator: the destination chose 08:06, which it accepts', async () => {
    const { emulator, message } = await sendOne('2026-12-07T13:50:00Z', 'America/Chicago')
    expect(message.sendAt).toBe('2026-12-07T14:06:00Z')
    const naive = await postToEmulator(emulator, {
      To: '+14155552671',
      MessagingServiceSid: SERVICE,
      Body: 'x',
      ScheduleType: 'fixed',
      SendAt: '2026-12-07T14:00:00Z'
    })
    expect(naive.body.code).toBe(35114)
  })
})

describe("the mapping's own Send At and the 35-day maximum", () => {
  const now = '2026-12-07T12:00:00Z'

  it('a Send At at 22:00, 34 days ahead: moved to 08:00 the next morning, accepted', async () => {
    const { message, quietHours } = await sendOne(now, 'America/Chicago', { sendAt: '2027-01-10T04:00:00Z' })
    expect(message).toMatchObject({ status: 'scheduled', sendAt: '2027-01-10T14:00:00Z' })
    expect(quietHours).toContain('(Send At 2027-01-10T04:00:00Z is 22:00 there)')
  })

  it('a Send At at 22:00, 35 days ahead: the next opening is past 35 days, refused before any request', async () => {
    const { testDestination, emulator } = await startAt(now)
    await expect(
      testDestination.testAction('sendMessage', {
        event: eventIn('America/Chicago'),
        settings,
        mapping: quietMapping({ sendAt: '2027-01-11T04:00:00Z' })
      })
    ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^Send At \(sendAt\) .*35 days/) })
    expect(emulator.state.counters.requests).toBe(0)
    // What Twilio would have said to that opening: the emulator refuses it too.
    const opening = { To: '+14155552671', MessagingServiceSid: SERVICE, Body: 'x', ScheduleType: 'fixed' }
    expect((await postToEmulator(emulator, { ...opening, SendAt: '2027-01-11T14:00:00Z' })).body.code).toBe(35115)
  })
})

describe('duplicate protection: the scheduled message is the send', () => {
  it('scheduled at 23:40, redelivered at 08:30 once Twilio has sent it: one message, the recorded sid', async () => {
    const { testDestination, emulator } = await startAt('2026-12-07T05:40:00Z')
    const event = eventIn('America/Chicago')
    await testDestination.testAction('sendMessage', { event, settings, mapping: quietMapping() })
    await time.advance(Date.parse('2026-12-07T14:30:00Z') - time.now().getTime())
    const responses = await testDestination.testAction('sendMessage', { event, settings, mapping: quietMapping() })
    expect(responses).toHaveLength(0)
    expect(emulator.state.messages).toHaveLength(1)
    expect(emulator.state.messages[0].status).toBe('delivered')
    const results = testDestination.results as Array<{ data?: unknown }>
    expect(results[results.length - 1].data).toEqual({
      sid: emulator.state.messages[0].sid,
      status: 'scheduled',
      duplicate: true
    })
  })
})

describe('with a time scale on the real clock', () => {
  it('a message scheduled two hours ahead is released at its Send At, in emulated time', async () => {
    const fast = await startEmulator({ timeScale: 60_000, stepMs: STEP })
    try {
      const start = new Date(Date.now() + 2 * 60 * MINUTE).toISOString().slice(11, 16)
      const end = new Date(Date.now() + 3 * 60 * MINUTE).toISOString().slice(11, 16)
      const destination = createTestIntegration(targetTwilio(createTwilioMessaging({ localTwilio: true }), fast.url))
      await destination.testAction('sendMessage', {
        event: eventIn('UTC'),
        settings,
        mapping: quietMapping(custom(start, end))
      })
      const message = fast.state.messages[0]
      expect(message.sendAt?.slice(11, 16)).toBe(start)
      // Two emulated hours are 120 ms here; poll (not a timing assertion) until the lifecycle has run.
      for (let i = 0; i < 200 && message.status !== 'delivered'; i++) await new Promise((r) => setTimeout(r, 10))
      expect(message.status).toBe('delivered')
      expect(message.events.find((event) => event.status === 'queued')?.at.toISOString()).toBe(
        new Date(Date.parse(message.sendAt as string)).toISOString()
      )
    } finally {
      await fast.close()
    }
  })
})
