// @ts-check
// Values the current choices leave out: a field hidden by its depends_on (Inline Media URLs once Channel is SMS) is
// not sent, whatever it holds. Its place says so, and so does the send bar after a send, so that a "201 Created"
// is never read as "the pictures went too". The value is kept for when the field applies again.
import { conditionHolds, isEmpty } from './conditions.js'
import { h } from './dom.js'
import { state } from './state.js'

/** @typedef {import('./state.js').FieldUi} FieldUi @typedef {import('./state.js').Field} Field */

/** The note that stands in a hidden field's place. @param {string} key */
export function leftOutNote(key) {
  return h('p', { class: 'hint field-hint warn', id: `left-out-${key}`, hidden: '' })
}

/** `Channel "SMS"`: the choices that hide the field. @param {Field} field @param {Record<string, unknown>} values */
function hiddenBy(field, values) {
  const failing = (field.depends_on?.conditions ?? []).filter(
    (condition) => conditionHolds(condition, values) === false
  )
  const words = failing.map((condition) => {
    const label = state.fields[condition.fieldKey]?.label ?? condition.fieldKey
    const value = values[condition.fieldKey]
    return typeof value === 'string' && value ? `${label} "${value}"` : `${label} empty`
  })
  return words.length ? words.join(' and ') : 'these choices'
}

/** `(2 values)`, `(1 pair)` or nothing for a single value. @param {unknown} value */
function howMuch(value) {
  if (Array.isArray(value)) return ` (${value.length} value${value.length === 1 ? '' : 's'})`
  if (value && typeof value === 'object' && !Object.keys(value).some((key) => key.startsWith('@'))) {
    const count = Object.keys(value).length
    return ` (${count} pair${count === 1 ? '' : 's'})`
  }
  return ''
}

/** What a hidden field holds that is not sent, or undefined. @param {FieldUi} ui @param {Record<string, unknown>} values */
function leftOutReason(ui, values) {
  if (!ui.row.hidden) return undefined
  const { value } = ui.read()
  if (value === undefined || isEmpty(value) || JSON.stringify(value) === JSON.stringify(ui.field.default))
    return undefined
  return { amount: howMuch(value), because: hiddenBy(ui.field, values) }
}

/** Shows or hides the note in a field's place. @param {FieldUi} ui @param {Record<string, unknown>} values */
export function updateLeftOut(ui, values) {
  const reason = leftOutReason(ui, values)
  ui.leftOut.hidden = !reason
  ui.leftOut.textContent = reason
    ? `${ui.field.label ?? ui.key}${reason.amount} is not sent with ${reason.because}: this choice does not carry it. ` +
      'It is kept here for when it applies again.'
    : ''
}

/** For the send bar: `Inline Media URLs (not sent with Channel "SMS")`, one entry per field left out. */
export function leftOutSummary() {
  /** @type {Record<string, unknown>} */
  const values = {}
  for (const ui of state.ui.values()) values[ui.key] = ui.row.hidden ? undefined : ui.literal()
  /** @type {string[]} */
  const entries = []
  for (const ui of state.ui.values()) {
    const reason = leftOutReason(ui, values)
    if (reason) entries.push(`${ui.field.label ?? ui.key} (not sent with ${reason.because})`)
  }
  return entries
}
