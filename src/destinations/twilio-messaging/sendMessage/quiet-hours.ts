// Quiet hours in the recipient's own time zone (fields in quiet-hours-fields.ts). Inside the allowed hours a message
// goes as it would without them; outside, it is scheduled through Twilio's Send At for the next opening in the
// recipient's zone, or refused with a final error that says so. Nothing is kept here between events: the decision
// reads the event, the mapping and the clock, and Twilio holds the scheduled message.
import type { Payload } from './generated-types'
import { LIMITS } from '../twilio'
import { CUSTOM, REFUSE, SCHEDULE, US_FEDERAL, US_FEDERAL_HOURS } from './quiet-hours-fields'
import { DAY_MS, MINUTE_MS, clockText, instantOfWall, isTimeZone, utcText, wallTime } from './time-zones'
import { fail, failClockRule, isBlank } from './validation'

/**
 * A schedule decided from the clock is placed at least this much beyond Twilio's 15 minutes, then on a whole minute:
 * Twilio measures its minimum when the request arrives, after the time the request takes and between two clocks.
 */
export const SCHEDULE_MARGIN_MS = MINUTE_MS

/** What quiet hours decided for one message. */
export interface QuietHoursDecision {
  /** The Send At to send (UTC, whole seconds): the opening chosen, or the mapping's own; undefined to send at once. */
  sendAt?: string
  /** What happened, in words: `scheduled for 2026-12-07T14:00:00Z, 08:00 America/Chicago, quiet hours`. */
  summary: string
}

interface Window {
  /** Start and end of the allowed hours, in ms after local midnight; start later than end crosses midnight. */
  start: number
  end: number
  text: string
}

interface Zone {
  name: string
  /** The zone as the summary names it: with the reason when it is the fallback. */
  shown: string
}

/** The rules read from the fields, and the recipient's zone. */
interface Rules {
  window: Window
  action: string
  zone: Zone
}

/**
 * Quiet hours for this message; undefined when they are off. `sendAt` is the mapping's own Send At, already checked
 * against Twilio's window; `messagingService` whether the message goes through one (Twilio schedules only then).
 */
export function decideQuietHours(
  payload: Payload,
  message: { messagingService: boolean; sendAt?: string; now: Date }
): QuietHoursDecision | undefined {
  if (payload.quietHours !== true) return undefined
  const rules: Rules = {
    window: readWindow(payload),
    action: readAction(payload.quietHoursAction),
    zone: readZone(payload.recipientTimeZone, readFallback(payload.fallbackTimeZone))
  }
  const now = message.now.getTime()
  if (message.sendAt !== undefined) return checkOwnSendAt(rules, message.sendAt, now)
  return decideNow(rules, now, message.messagingService)
}

/** Inside the allowed hours: at once. Outside: scheduled for the next opening Twilio accepts, or held back. */
function decideNow(rules: Rules, now: number, messagingService: boolean): QuietHoursDecision {
  const { window, action } = rules
  if (allowed(window, wallTime(now, rules.zone.name))) {
    return { summary: `sent at once, ${local(rules, now)}, ${inside(window)}` }
  }
  const opening = firstAllowed(rules, ceilMinute(now + LIMITS.scheduleMinAheadMs + SCHEDULE_MARGIN_MS))
  const instead = `To schedule it for the next opening instead (${local(rules, opening)})`
  if (action === REFUSE || !messagingService) {
    const fix =
      action === REFUSE
        ? `, and In Quiet Hours (quietHoursAction) is '${REFUSE}'. ${instead}, set In Quiet Hours to '${SCHEDULE}' with the Messaging Service sender.`
        : `. ${instead}, set Sender Type (senderType) to 'Messaging Service': Twilio schedules messages only through a Messaging Service.`
    // A rule of the clock: an earlier delivery of this event may have been sent inside the allowed hours.
    const held = `it is ${local(rules, now)}, outside the allowed hours ${window.text}${fix}`
    failClockRule(`Held back by quiet hours, not sent (Segment does not retry it): ${held}`)
  }
  const sendAt = utcText(opening)
  return { sendAt, summary: `scheduled for ${sendAt}, ${local(rules, opening)}, quiet hours` }
}

/** The mapping's Send At: kept inside the allowed hours; outside, moved to the next opening after it, or refused. */
function checkOwnSendAt(rules: Rules, own: string, now: number): QuietHoursDecision {
  const { window } = rules
  const time = Date.parse(own)
  const there = local(rules, time)
  if (allowed(window, wallTime(time, rules.zone.name))) {
    return { sendAt: own, summary: `scheduled for ${own}, ${there}, ${inside(window)}` }
  }
  const outside = `Send At (sendAt) ${own} is ${there}, outside the allowed hours ${window.text}`
  if (rules.action === REFUSE) {
    fail(
      `Held back by quiet hours, not sent: ${outside}, and In Quiet Hours (quietHoursAction) is '${REFUSE}'. Pick a Send At inside the allowed hours, or set In Quiet Hours to '${SCHEDULE}' to move it to the next opening.`
    )
  }
  const sendAt = utcText(firstAllowed(rules, time))
  if (Date.parse(sendAt) - now > LIMITS.scheduleMaxAheadMs) {
    failClockRule(
      `${outside}, and the next opening, ${sendAt}, is more than 35 days ahead: Twilio schedules at most 35 days in advance. Pick an earlier Send At.`
    )
  }
  const moved = `Send At ${own} is ${clockText(wallTime(time, rules.zone.name))} there`
  return { sendAt, summary: `scheduled for ${sendAt}, ${local(rules, Date.parse(sendAt))}, quiet hours (${moved})` }
}

/** `08:00 America/Chicago`: the local time of an instant, and the zone as the result names it. */
function local(rules: Rules, ms: number): string {
  return `${clockText(wallTime(ms, rules.zone.name))} ${rules.zone.shown}`
}

// ---------------------------------------------------------------------------------------------------------------

const inside = (window: Window) => `inside the allowed hours ${window.text}`

function allowed(window: Window, wall: number): boolean {
  const time = mod(wall, DAY_MS)
  return window.start < window.end
    ? time >= window.start && time < window.end
    : time >= window.start || time < window.end
}

/** The first instant at or after `from` inside the allowed hours of the recipient's zone. */
function firstAllowed(rules: Rules, from: number): number {
  const { window } = rules
  const zone = rules.zone.name
  let at = Math.ceil(from / 1000) * 1000
  // A few turns at most: the opening itself may fall in a skipped hour, beyond which the window may already be over.
  for (let turn = 0; turn < 8; turn++) {
    const wall = wallTime(at, zone)
    if (allowed(window, wall)) return at
    let opening = wall - mod(wall, DAY_MS) + window.start
    if (opening <= wall) opening += DAY_MS
    const next = instantOfWall(opening, zone, at) ?? instantOfWall(opening + DAY_MS, zone, at)
    if (next === undefined) break
    at = next
  }
  return fail(
    `Allowed From (quietHoursStart) and Allowed Until (quietHoursEnd): no time inside the allowed hours was found in ${zone} within a week. Widen the allowed hours.`
  )
}

function ceilMinute(ms: number): number {
  return Math.ceil(ms / MINUTE_MS) * MINUTE_MS
}

function mod(value: number, by: number): number {
  return ((value % by) + by) % by
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the fields

function readWindow(payload: Payload): Window {
  const preset = readChoice(
    payload.quietHoursWindow,
    [US_FEDERAL, CUSTOM],
    US_FEDERAL,
    'quietHoursWindow',
    'Allowed Hours'
  )
  if (preset === US_FEDERAL) return window(US_FEDERAL_HOURS.start, US_FEDERAL_HOURS.end)
  const start = readClock(payload.quietHoursStart, 'quietHoursStart', 'Allowed From')
  const end = readClock(payload.quietHoursEnd, 'quietHoursEnd', 'Allowed Until')
  if (start === end) {
    fail(
      `Allowed From (quietHoursStart) and Allowed Until (quietHoursEnd) are both ${start}, which leaves no allowed hours. Set two different times (Allowed Until earlier than Allowed From crosses midnight), or turn Quiet Hours off to send at any hour.`
    )
  }
  return window(start, end)
}

function window(start: string, end: string): Window {
  return { start: msOfDay(start), end: msOfDay(end), text: `${start}–${end}` }
}

const CLOCK = /^([01]?\d|2[0-3]):([0-5]\d)$/

/** `HH:MM` (24-hour, `8:00` read as `08:00`), returned as `HH:MM`. */
function readClock(value: unknown, key: string, label: string): string {
  const match = typeof value === 'string' ? CLOCK.exec(value.trim()) : null
  if (!match) {
    const got = isBlank(value) ? 'is empty' : `is ${JSON.stringify(value)}`
    return fail(
      `${label} (${key}) ${got}: with Allowed Hours (quietHoursWindow) '${CUSTOM}' it must be a local time in 24-hour HH:MM, for example 08:00 or 20:30.`
    )
  }
  return `${match[1].padStart(2, '0')}:${match[2]}`
}

function msOfDay(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number)
  return (hours * 60 + minutes) * MINUTE_MS
}

function readAction(value: unknown): string {
  return readChoice(value, [SCHEDULE, REFUSE], SCHEDULE, 'quietHoursAction', 'In Quiet Hours')
}

/** One of `choices`, matched without regard to case; `fallback` when empty. */
function readChoice(value: unknown, choices: string[], fallback: string, key: string, label: string): string {
  if (isBlank(value)) return fallback
  const found = choices.find(
    (choice) => typeof value === 'string' && choice.toLowerCase() === value.trim().toLowerCase()
  )
  if (found) return found
  return fail(`${label} (${key}) must be ${choices.map((c) => `'${c}'`).join(' or ')}; got ${JSON.stringify(value)}.`)
}

function readFallback(value: unknown): string | undefined {
  if (isBlank(value)) return undefined
  const zone = typeof value === 'string' ? value.trim() : ''
  if (!isTimeZone(zone)) {
    fail(
      `Fallback Time Zone (fallbackTimeZone) ${JSON.stringify(
        value
      )} is not an IANA time zone: use a name such as America/New_York or Europe/Berlin, or leave it empty.`
    )
  }
  return zone
}

/** The recipient's zone, else the fallback; never a guess (the sender's zone, an offset read as a zone). */
function readZone(value: unknown, fallback: string | undefined): Zone {
  const given = typeof value === 'string' ? value.trim() : value
  if (typeof given === 'string' && isTimeZone(given)) return { name: given, shown: given }
  const problem = isBlank(given) ? 'is empty' : `${JSON.stringify(given)} is not a time zone`
  if (fallback) return { name: fallback, shown: `${fallback} (the fallback: Recipient Time Zone ${problem})` }
  return fail(
    `Recipient Time Zone (recipientTimeZone) ${problem}, so quiet hours cannot be checked and nothing was sent: map it to the recipient's IANA time zone such as America/Chicago (Segment's libraries fill $.context.timezone), or set Fallback Time Zone (fallbackTimeZone).`
  )
}
