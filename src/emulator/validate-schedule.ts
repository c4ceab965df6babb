// Messages create, SendAt and ScheduleType: scheduling goes through a Messaging Service only, in the window
// [now + 900 s, now + 35 days] (35111, 35114, 35115, 35118, 35126).
import { Refusal, refuse } from './accepted-message'

/**
 * Twilio's Send At window, inclusive, measured when the request arrives: at least 900 s ahead (error 35114) and at
 * most 35 days (3,024,000 s) ahead (error 35115). Error pages 35114/35115 and the Message Scheduling guide; the
 * emulator keeps its own copy because it mirrors Twilio, not the destination's rule.
 */
export const TWILIO_SEND_AT_MIN_AHEAD_MS = 900 * 1000
export const TWILIO_SEND_AT_MAX_AHEAD_MS = 3024000 * 1000

const SEND_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/

/** `sendAt`: when the message is scheduled for, in UTC without milliseconds, or null when it goes now. */
export type CheckedSchedule = { ok: true; sendAt: string | null }

/** `sendAtRaw` and `scheduleType` are the trimmed parameters ('' when absent). */
export function checkSchedule(
  sendAtRaw: string,
  scheduleType: string,
  hasService: boolean,
  now: Date
): CheckedSchedule | Refusal {
  if (scheduleType && scheduleType !== 'fixed') {
    return refuse(35126, `The ScheduleType value '${scheduleType}' is not supported: use 'fixed'.`)
  }
  if (scheduleType === 'fixed' && !sendAtRaw) {
    return refuse(35111, "SendAt timestamp is missing for ScheduleType 'fixed'.")
  }
  if (!sendAtRaw) return { ok: true, sendAt: null }
  if (!scheduleType) return refuse(35126, "A SendAt timestamp needs ScheduleType 'fixed'.")
  if (!hasService) return refuse(35118, 'MessagingServiceSid is required to schedule a message.')
  const time = SEND_AT.test(sendAtRaw) ? Date.parse(sendAtRaw) : Number.NaN
  if (Number.isNaN(time)) return refuse(35114, 'Scheduling does not support this timestamp: SendAt is not ISO-8601.')
  const ahead = time - now.getTime()
  if (ahead < TWILIO_SEND_AT_MIN_AHEAD_MS) {
    return refuse(
      35114,
      'Scheduling does not support this timestamp: SendAt must be at least 900 seconds in the future.'
    )
  }
  if (ahead > TWILIO_SEND_AT_MAX_AHEAD_MS) {
    return refuse(
      35115,
      'Scheduling does not support this timestamp: SendAt must be at most 35 days (3024000 seconds) in the future.'
    )
  }
  return { ok: true, sendAt: new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z') }
}
