// Quiet hours (issue 18), decided by buildMessageRequest from the payload and a fixed clock: what is sent at once,
// what is scheduled and for when, in zones either side of midnight and of daylight-saving changes, with windows that
// cross midnight, at the edge of Twilio's 15-minute minimum and 35-day maximum; and what is refused, naming the field.
import { PayloadValidationError } from '@segment/actions-core'
import { buildMessageRequest } from '../build-request'
import type { Payload } from '../generated-types'
import { dedupKey } from '../dedup'
import { brokeClockRule } from '../validation'
import { buildIgnoringClock } from '../recorded-first'
import { ACCOUNT_SID, MG_SID, smsPayload } from '../../__tests__/__helpers__/fixtures'

const viaService: Partial<Payload> = { senderType: 'Messaging Service', messagingServiceSid: MG_SID }

/** Quiet hours on (US federal hours, Schedule) for a recipient in `zone`, through a Messaging Service. */
const quiet = (zone: unknown, overrides: Partial<Payload> = {}): Payload =>
  smsPayload({ ...viaService, quietHours: true, recipientTimeZone: zone as string, ...overrides })

const custom = (start: string, end: string): Partial<Payload> => ({
  quietHoursWindow: 'Custom',
  quietHoursStart: start,
  quietHoursEnd: end
})

const build = (payload: Payload, now: string) => buildMessageRequest(payload, { now: new Date(now) })
const sendAtOf = (payload: Payload, now: string) =>
  build(payload, now).params.find(([name]) => name === 'SendAt')?.[1] ?? 'at once'

function refusal(run: () => unknown): PayloadValidationError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(PayloadValidationError)
    return error as PayloadValidationError
  }
  throw new Error('expected a refusal')
}

describe('off by default: mappings saved before quiet hours send exactly as before', () => {
  it.each([
    ['absent', {}],
    ['off', { quietHours: false }],
    [
      'off, with the other fields set (even wrong ones)',
      { quietHours: false, recipientTimeZone: 'GMT+2', quietHoursStart: 'noon' }
    ]
  ])('%s', (_label, fields) => {
    const night = '2026-12-07T05:40:00Z' // 23:40 in Chicago
    const before = build(smsPayload({ ...viaService }), night)
    const message = build(smsPayload({ ...viaService, recipientTimeZone: 'America/Chicago', ...fields }), night)
    expect(message).toEqual(before)
    expect(message.quietHours).toBeUndefined()
    expect(message.recordParams).toBeUndefined()
  })
})

describe('US federal hours (08:00-21:00): sent at once inside, scheduled for the next 08:00 outside', () => {
  it.each([
    // zone, now (UTC), local time then, Send At, local time of the Send At
    ['America/Chicago', '2026-12-07T05:40:00Z', '23:40', '2026-12-07T14:00:00Z', '08:00'],
    ['America/Chicago', '2026-12-07T18:00:00Z', '12:00', 'at once', ''],
    ['America/Chicago', '2026-12-07T14:00:00Z', '08:00 (opening, included)', 'at once', ''],
    ['America/Chicago', '2026-12-08T02:59:59Z', '20:59:59', 'at once', ''],
    ['America/Chicago', '2026-12-08T03:00:00Z', '21:00 (closing, excluded)', '2026-12-08T14:00:00Z', '08:00'],
    // One instant, 10:00 UTC, on both sides of midnight: Dec 8 in Kiritimati (UTC+14), Dec 6 in Pago Pago (UTC-11).
    ['Pacific/Kiritimati', '2026-12-07T10:00:00Z', '00:00 Dec 8', '2026-12-07T18:00:00Z', '08:00'],
    ['Pacific/Pago_Pago', '2026-12-07T10:00:00Z', '23:00 Dec 6', '2026-12-07T19:00:00Z', '08:00'],
    ['Asia/Kathmandu', '2026-12-07T10:00:00Z', '15:45 (UTC+05:45)', 'at once', ''],
    ['Asia/Tokyo', '2026-12-07T13:00:00Z', '22:00', '2026-12-07T23:00:00Z', '08:00'],
    ['UTC', '2026-12-07T03:00:00Z', '03:00', '2026-12-07T08:00:00Z', '08:00']
  ])('%s at %s (%s): %s', (zone, now, _local, sendAt, localSendAt) => {
    const message = build(quiet(zone), now)
    expect(sendAtOf(quiet(zone), now)).toBe(sendAt)
    if (sendAt === 'at once') {
      expect(message.quietHours).toMatch(new RegExp(`^sent at once, \\d\\d:\\d\\d ${zone}, inside the allowed hours`))
    } else {
      expect(message.quietHours).toBe(`scheduled for ${sendAt}, ${localSendAt} ${zone}, quiet hours`)
      expect(message.params).toContainEqual(['ScheduleType', 'fixed'])
    }
  })
})

describe('daylight-saving changes: the opening is 08:00 by the clocks of that morning', () => {
  it.each([
    ['America/Chicago, clocks forward (CST to CDT)', 'America/Chicago', '2026-03-08T05:00:00Z', '2026-03-08T13:00:00Z'],
    ['America/Chicago, clocks back (CDT to CST)', 'America/Chicago', '2026-11-01T04:00:00Z', '2026-11-01T14:00:00Z'],
    ['Europe/London, clocks forward (GMT to BST)', 'Europe/London', '2026-03-28T22:30:00Z', '2026-03-29T07:00:00Z'],
    ['Europe/London, clocks back (BST to GMT)', 'Europe/London', '2026-10-24T22:30:00Z', '2026-10-25T08:00:00Z'],
    ['Australia/Sydney, clocks forward in October', 'Australia/Sydney', '2026-10-03T12:00:00Z', '2026-10-03T21:00:00Z'],
    ['Australia/Lord_Howe, a half-hour change', 'Australia/Lord_Howe', '2026-10-03T12:00:00Z', '2026-10-03T21:00:00Z'],
    ['America/Chicago, the day before the change', 'America/Chicago', '2026-03-07T05:00:00Z', '2026-03-07T14:00:00Z']
  ])('%s', (_label, zone, now, sendAt) => {
    expect(build(quiet(zone), now).quietHours).toBe(`scheduled for ${sendAt}, 08:00 ${zone}, quiet hours`)
  })

  it('an opening the clocks skip (02:30 on the morning they jump from 02:00 to 03:00) is the jump itself', () => {
    const payload = quiet('America/New_York', custom('02:30', '21:00'))
    expect(build(payload, '2026-03-08T05:00:00Z').quietHours).toBe(
      'scheduled for 2026-03-08T07:00:00Z, 03:00 America/New_York, quiet hours'
    )
  })

  it('an opening the clocks pass twice (01:30 on the morning they go back) is the first one', () => {
    const payload = quiet('America/New_York', custom('01:30', '21:00'))
    expect(sendAtOf(payload, '2026-11-01T04:00:00Z')).toBe('2026-11-01T05:30:00Z')
    // At 01:10 of the second pass (after 01:30 of the first), the next 01:30 is the second one, still ahead.
    expect(sendAtOf(payload, '2026-11-01T06:10:00Z')).toBe('2026-11-01T06:30:00Z')
  })
})

describe('windows that cross midnight', () => {
  it.each([
    ['20:00-02:00 at 12:00', custom('20:00', '02:00'), '2026-12-07T18:00:00Z', '2026-12-08T02:00:00Z'],
    ['20:00-02:00 at 23:00', custom('20:00', '02:00'), '2026-12-08T05:00:00Z', 'at once'],
    ['20:00-02:00 at 01:30', custom('20:00', '02:00'), '2026-12-07T07:30:00Z', 'at once'],
    ['20:00-02:00 at 02:00', custom('20:00', '02:00'), '2026-12-07T08:00:00Z', '2026-12-08T02:00:00Z'],
    ['22:00-06:00 at 06:00', custom('22:00', '06:00'), '2026-12-07T12:00:00Z', '2026-12-08T04:00:00Z'],
    ['08:00-00:00 (until midnight) at 23:59', custom('08:00', '00:00'), '2026-12-08T05:59:00Z', 'at once'],
    ['08:00-00:00 (until midnight) at 00:00', custom('08:00', '00:00'), '2026-12-08T06:00:00Z', '2026-12-08T14:00:00Z']
  ])('America/Chicago, %s', (_label, window, now, sendAt) => {
    expect(sendAtOf(quiet('America/Chicago', window), now)).toBe(sendAt)
  })
})

describe("Twilio's 15 minutes at the window's edge: at least 16 minutes ahead, on a whole minute", () => {
  it.each([
    ['16 minutes before the opening: the opening itself', '2026-12-07T13:44:00Z', '2026-12-07T14:00:00Z'],
    ['a second later: one minute past it', '2026-12-07T13:44:01Z', '2026-12-07T14:01:00Z'],
    ['10 minutes before: 16 minutes from now', '2026-12-07T13:50:00Z', '2026-12-07T14:06:00Z'],
    ['a minute before: 16 minutes from now', '2026-12-07T13:59:00Z', '2026-12-07T14:15:00Z']
  ])('%s', (_label, now, sendAt) => {
    expect(sendAtOf(quiet('America/Chicago'), now)).toBe(sendAt)
    expect(Date.parse(sendAt) - Date.parse(now)).toBeGreaterThanOrEqual(15 * 60_000)
  })

  it('a window shorter than the minimum that closes before it: the next day', () => {
    const payload = quiet('America/Chicago', custom('08:00', '08:10'))
    expect(sendAtOf(payload, '2026-12-07T13:50:00Z')).toBe('2026-12-07T14:06:00Z')
    expect(sendAtOf(payload, '2026-12-07T13:56:00Z')).toBe('2026-12-08T14:00:00Z')
  })
})

describe("the mapping's own Send At is checked against the window too", () => {
  const now = '2026-12-07T12:00:00Z'
  it.each([
    ['inside the allowed hours: kept', '2026-12-08T18:00:00Z', '2026-12-08T18:00:00Z', 'inside the allowed hours'],
    [
      'at 23:00 there: moved to 08:00',
      '2026-12-08T05:00:00Z',
      '2026-12-08T14:00:00Z',
      'Send At 2026-12-08T05:00:00Z is 23:00 there'
    ],
    ['34 days ahead at 22:00: moved within 35 days', '2027-01-10T04:00:00Z', '2027-01-10T14:00:00Z', 'quiet hours']
  ])('%s', (_label, sendAt, sent, words) => {
    const message = build(quiet('America/Chicago', { sendAt }), now)
    expect(message.params).toContainEqual(['SendAt', sent])
    expect(message.quietHours).toContain(words)
  })

  it.each([
    ['35 days ahead at 22:00, whose next opening is past 35 days', '2027-01-11T04:00:00Z'],
    ['35 days ahead at 21:00', '2027-01-11T03:00:00Z']
  ])('%s: refused, naming Send At (a rule of the clock)', (_label, sendAt) => {
    const error = refusal(() => build(quiet('America/Chicago', { sendAt }), now))
    expect(error.message).toMatch(/^Send At \(sendAt\) .* more than 35 days ahead: Twilio schedules at most 35 days/)
    expect(brokeClockRule(error)).toBe(true)
  })

  it("with In Quiet Hours 'Refuse', a Send At outside the allowed hours is refused, saying how to fix it", () => {
    const payload = quiet('America/Chicago', { sendAt: '2026-12-08T05:00:00Z', quietHoursAction: 'Refuse' })
    expect(refusal(() => build(payload, now)).message).toBe(
      "Held back by quiet hours, not sent: Send At (sendAt) 2026-12-08T05:00:00Z is 23:00 America/Chicago, outside the allowed hours 08:00–21:00, and In Quiet Hours (quietHoursAction) is 'Refuse'. Pick a Send At inside the allowed hours, or set In Quiet Hours to 'Schedule' to move it to the next opening."
    )
  })
})

describe('held back without scheduling: a final error that says so and how to schedule instead', () => {
  const night = '2026-12-07T05:40:00Z'
  it('a phone-number sender cannot schedule', () => {
    const payload = smsPayload({ quietHours: true, recipientTimeZone: 'America/Chicago' })
    const error = refusal(() => build(payload, night))
    expect(error.message).toBe(
      "Held back by quiet hours, not sent (Segment does not retry it): it is 23:40 America/Chicago, outside the allowed hours 08:00–21:00. To schedule it for the next opening instead (08:00 America/Chicago), set Sender Type (senderType) to 'Messaging Service': Twilio schedules messages only through a Messaging Service."
    )
    // Final (400), and a rule of the clock: a redelivery of a message already sent is answered from its record.
    expect(error.status).toBe(400)
    expect(brokeClockRule(error)).toBe(true)
    expect(buildIgnoringClock(payload, { now: new Date(night) })?.params).toEqual(build(smsPayload(), night).params)
  })

  it("In Quiet Hours 'Refuse'", () => {
    // Matched without regard to case, as the other choices of this destination are.
    const lowerCase = { quietHoursAction: 'refuse' as string } as Partial<Payload>
    const error = refusal(() => build(quiet('America/Chicago', lowerCase), night))
    expect(error.message).toMatch(
      /^Held back by quiet hours, not sent \(Segment does not retry it\): it is 23:40 America\/Chicago, .* In Quiet Hours \(quietHoursAction\) is 'Refuse'\. To schedule it for the next opening instead \(08:00 America\/Chicago\), set In Quiet Hours to 'Schedule'/
    )
  })
})

describe('the time zone: the fallback when the recipient has none, never a guess', () => {
  const night = '2026-12-07T05:40:00Z' // 23:40 in Chicago, 06:40 in Berlin
  it.each([
    ['missing', undefined, 'is empty'],
    ['empty', ' ', 'is empty'],
    ['an offset', 'GMT+2', '"GMT+2" is not a time zone'],
    ['an ISO offset', '+02:00', '"+02:00" is not a time zone'],
    ['a typo', 'America/Chicgo', '"America/Chicgo" is not a time zone'],
    ['a number', -6, '-6 is not a time zone']
  ])('%s: the fallback zone, said in the result', (_label, zone, problem) => {
    const message = build(quiet(zone, { fallbackTimeZone: 'Europe/Berlin' }), night)
    expect(message.quietHours).toBe(
      `scheduled for 2026-12-07T07:00:00Z, 08:00 Europe/Berlin (the fallback: Recipient Time Zone ${problem}), quiet hours`
    )
  })

  it.each([
    ['missing', undefined, 'Recipient Time Zone (recipientTimeZone) is empty'],
    ['an offset', 'GMT+2', 'Recipient Time Zone (recipientTimeZone) "GMT+2" is not a time zone']
  ])('%s without a fallback: refused, naming the field and the fix', (_label, zone, start) => {
    expect(refusal(() => build(quiet(zone), night)).message).toBe(
      `${start}, so quiet hours cannot be checked and nothing was sent: map it to the recipient's IANA time zone such as America/Chicago (Segment's libraries fill $.context.timezone), or set Fallback Time Zone (fallbackTimeZone).`
    )
  })

  it('names written in another case, and old names, are zones the platform knows', () => {
    expect(build(quiet('america/chicago'), night).quietHours).toContain('08:00 america/chicago')
    expect(sendAtOf(quiet('US/Central'), night)).toBe('2026-12-07T14:00:00Z')
  })
})

describe('settings of quiet hours that cannot work: refused before any request, naming the field', () => {
  it.each([
    [
      'a fallback that is no zone',
      { fallbackTimeZone: 'Berlin' },
      /^Fallback Time Zone \(fallbackTimeZone\) "Berlin" is not an IANA time zone/
    ],
    [
      'Custom without Allowed From',
      custom('', '20:00'),
      /^Allowed From \(quietHoursStart\) is empty: with Allowed Hours \(quietHoursWindow\) 'Custom' it must be a local time in 24-hour HH:MM/
    ],
    ['Allowed Until 24:30', custom('08:00', '24:30'), /^Allowed Until \(quietHoursEnd\) is "24:30": /],
    ['Allowed From 8am', custom('8am', '20:00'), /^Allowed From \(quietHoursStart\) is "8am": /],
    [
      'the same start and end',
      custom('8:00', '08:00'),
      /^Allowed From \(quietHoursStart\) and Allowed Until \(quietHoursEnd\) are both 08:00, which leaves no allowed hours/
    ],
    [
      'an unknown window',
      { quietHoursWindow: 'Florida' },
      /^Allowed Hours \(quietHoursWindow\) must be 'US federal' or 'Custom'; got "Florida"\.$/
    ],
    [
      'an unknown action',
      { quietHoursAction: 'Later' },
      /^In Quiet Hours \(quietHoursAction\) must be 'Schedule' or 'Refuse'; got "Later"\.$/
    ]
  ])('%s', (_label, fields, message) => {
    // Inside the allowed hours too: the settings are wrong whatever the time.
    const error = refusal(() => build(quiet('America/Chicago', fields as Partial<Payload>), '2026-12-07T18:00:00Z'))
    expect(error.message).toMatch(message)
    expect(brokeClockRule(error)).toBe(false)
  })

  it('a custom window written 8:00 is read as 08:00', () => {
    expect(build(quiet('America/Chicago', custom('8:00', '20:00')), '2026-12-07T05:40:00Z').quietHours).toBe(
      'scheduled for 2026-12-07T14:00:00Z, 08:00 America/Chicago, quiet hours'
    )
  })
})

describe('duplicate protection: the record key does not depend on the Send At chosen from the clock', () => {
  const key = (payload: Payload, now: string) => dedupKey(ACCOUNT_SID, 'm-1', build(payload, now))
  it('scheduled at 23:40, at 07:50 (a later opening), sent at once at 08:30: one key, the one without quiet hours', () => {
    const payload = quiet('America/Chicago')
    const keys = ['2026-12-07T05:40:00Z', '2026-12-07T13:50:00Z', '2026-12-07T14:30:00Z'].map((now) =>
      key(payload, now)
    )
    expect(new Set(keys).size).toBe(1)
    expect(keys[0]).toBe(key(smsPayload({ ...viaService }), '2026-12-07T05:40:00Z'))
  })

  it("a moved Send At keeps the key of the mapping's own Send At", () => {
    const sendAt = '2026-12-08T05:00:00Z'
    expect(key(quiet('America/Chicago', { sendAt }), '2026-12-07T12:00:00Z')).toBe(
      key(smsPayload({ ...viaService, sendAt }), '2026-12-07T12:00:00Z')
    )
  })
})
