// Wall-clock time in IANA time zones, from the platform's own time-zone data (Intl.DateTimeFormat): daylight-saving
// changes, half-hour zones and past rule changes come from there, never from a table of offsets kept here.
// A "wall time" is a zone's local date and time written as if it were UTC, in ms: 2026-12-06 23:00 in Chicago is
// Date.UTC(2026, 11, 6, 23, 0). Only whole seconds count (Twilio's Send At has no finer unit).

export const MINUTE_MS = 60_000
export const DAY_MS = 24 * 60 * MINUTE_MS

/** An IANA name: `Area/Location` or a single name such as `UTC`; offsets (`+02:00`, `GMT+2`) are no zone. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/

/** Formatters by zone name as given. Bounded: names come from events, so case variants must not pile up. */
const formatters = new Map<string, Intl.DateTimeFormat>()
const MAX_FORMATTERS = 500

function formatterOf(zone: string): Intl.DateTimeFormat | undefined {
  const cached = formatters.get(zone)
  if (cached) return cached
  if (!ZONE_NAME.test(zone) || /^(?:GMT|UTC)[+-]/i.test(zone)) return undefined
  let formatter: Intl.DateTimeFormat
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric'
    })
  } catch {
    // RangeError: a name the platform's time-zone data does not know (a typo, `Mars/Olympus`).
    return undefined
  }
  if (formatters.size >= MAX_FORMATTERS) formatters.clear()
  formatters.set(zone, formatter)
  return formatter
}

/** Whether `zone` names a time zone the platform knows (`America/Chicago`, `UTC`; not `GMT+2` nor a typo). */
export function isTimeZone(zone: string): boolean {
  return formatterOf(zone) !== undefined
}

/** The wall time in `zone` at the instant `ms` (whole seconds); `zone` must be one isTimeZone accepts. */
export function wallTime(ms: number, zone: string): number {
  const formatter = formatterOf(zone)
  if (!formatter) throw new RangeError(`Unknown time zone ${zone}`)
  const part: Record<string, number> = {}
  for (const { type, value } of formatter.formatToParts(new Date(ms))) part[type] = Number(value)
  return Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second)
}

/** How far `zone` is ahead of UTC at the instant `ms`, in ms. */
function offsetAt(ms: number, zone: string): number {
  const second = Math.floor(ms / 1000) * 1000
  return wallTime(second, zone) - second
}

/**
 * The first instant at or after `notBefore` whose wall time in `zone` is `wall`. A wall time that happens twice
 * (clocks set back) is the earlier one still ahead; one that never happens (clocks set forward over it) is the
 * instant the clocks jumped, the first one showing a later time. Undefined when none of these is at or after
 * `notBefore` (the caller then looks at the next day).
 */
export function instantOfWall(wall: number, zone: string, notBefore: number): number | undefined {
  // The offsets in force a day either side: a zone changes its offset at most once in that span.
  const offsets = new Set([offsetAt(wall - DAY_MS, zone), offsetAt(wall, zone), offsetAt(wall + DAY_MS, zone)])
  const candidates = [...offsets].map((offset) => wall - offset).sort((a, b) => a - b)
  const exact = candidates.filter((instant) => instant >= notBefore && wallTime(instant, zone) === wall)
  if (exact.length > 0) return exact[0]
  // Skipped over: the jump lies between the earliest and the latest candidate. Bisect to the second.
  let before = candidates[0]
  let after = candidates[candidates.length - 1]
  if (wallTime(before, zone) >= wall || wallTime(after, zone) <= wall) return undefined
  while (after - before > 1000) {
    const middle = before + Math.floor((after - before) / 2000) * 1000
    if (wallTime(middle, zone) > wall) after = middle
    else before = middle
  }
  return after >= notBefore ? after : undefined
}

/** `HH:MM` of a wall time. */
export function clockText(wall: number): string {
  return new Date(wall).toISOString().slice(11, 16)
}

/** An instant as Twilio's Send At takes it: UTC, whole seconds, `2026-12-07T14:00:00Z`. */
export function utcText(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
