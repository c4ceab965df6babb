// @ts-check
// A date-time field (Send At) as a picker in the browser's time zone, shown converted to the UTC time that is
// sent. Twilio schedules only through a Messaging Service, from 15 minutes to 35 days ahead (Twilio's Message
// Scheduling guide); the field says so, and says it again in its place when a phone-number sender hides it.
import { h } from './dom.js'

/** @typedef {import('./state.js').FieldUi} FieldUi */

export const SCHEDULE_MIN_MINUTES = 15
export const SCHEDULE_MAX_DAYS = 35

/** The browser's time zone and its offset now, e.g. `Europe/Paris (UTC+01:00)`. */
export function timeZoneLabel(at = new Date()) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time'
  const minutes = -at.getTimezoneOffset()
  const sign = minutes >= 0 ? '+' : '-'
  const pad = (/** @type {number} */ n) => String(Math.floor(Math.abs(n))).padStart(2, '0')
  return `${zone} (UTC${sign}${pad(minutes / 60)}:${pad(minutes % 60)})`
}

/** `2026-12-24T09:00` in the browser's zone → `2026-12-24T08:00:00Z`. @param {string} local */
export function localToUtc(local) {
  const date = new Date(local)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** An ISO date-time → the picker's `YYYY-MM-DDTHH:MM` in the browser's zone. @param {unknown} value */
export function utcToLocal(value) {
  const date = new Date(typeof value === 'string' ? value : '')
  if (Number.isNaN(date.getTime())) return ''
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/** Why a UTC time cannot be scheduled, if it cannot. @param {string} utc @param {Date} [now] */
export function scheduleProblem(utc, now = new Date()) {
  const ahead = new Date(utc).getTime() - now.getTime()
  if (ahead < SCHEDULE_MIN_MINUTES * 60_000) {
    return `Twilio schedules a message at least ${SCHEDULE_MIN_MINUTES} minutes ahead: pick a later time, or clear it to send at once.`
  }
  if (ahead > SCHEDULE_MAX_DAYS * 86_400_000) {
    return `Twilio schedules a message at most ${SCHEDULE_MAX_DAYS} days ahead: pick an earlier time.`
  }
  return undefined
}

/** The fixed-value editor of a date-time field. @param {FieldUi} ui @param {unknown} initial @param {() => void} changed */
export function buildDateTimeEditor(ui, initial, changed) {
  const { key } = ui
  const input = h('input', { id: `f-${key}`, type: 'datetime-local', step: '60' })
  input.setAttribute('aria-describedby', `d-${key} tz-${key} e-${key}`)
  input.value = utcToLocal(initial)
  const note = h('p', { class: 'hint', id: `tz-${key}` })
  const update = () => {
    const utc = input.value ? localToUtc(input.value) : undefined
    note.textContent = `Time zone: ${timeZoneLabel()}.${utc ? ` Sent as ${utc} (UTC).` : ''} Needs a Messaging Service sender; Twilio accepts ${SCHEDULE_MIN_MINUTES} minutes to ${SCHEDULE_MAX_DAYS} days ahead.`
  }
  update()
  input.addEventListener('input', () => {
    update()
    changed()
  })
  ui.editor.append(input, note)
  ui.read = () => {
    if (!input.value) return {}
    const utc = localToUtc(input.value)
    if (!utc) return { error: 'Pick a date and a time.' }
    const problem = scheduleProblem(utc)
    return problem ? { error: problem } : { value: utc }
  }
  ui.literal = () => ui.read().value
  ui.focus = () => input.focus()
}

/** Shown in place of the Send At row while a phone-number sender hides it. @param {string} key */
export function scheduleHint(key) {
  return h('p', { class: 'hint field-hint', id: `hint-${key}`, hidden: '' }, [
    'Send At (scheduling) needs Sender Type "Messaging Service": Twilio does not schedule messages from a phone number alone.'
  ])
}
