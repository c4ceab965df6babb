// @ts-check
// The destination framework's schema messages in a marketer's words. "The root value is missing the required
// field 'inlineBody'. The root value must match "then" schema." becomes, next to Inline Template: "Required
// because Content Template Type is "Inline" and Inline Media URLs is empty." A field mapped from the event whose
// path finds nothing gets that said too. Messages go next to their field, so they do not repeat its name.
import { conditionHolds } from './conditions.js'
import { pathFindsNothing } from './event-check.js'
import { currentValues } from './mapping.js'
import { state } from './state.js'

/** @typedef {import('./conditions.js').Condition} Condition */

/** @param {string} key */
function labelOf(key) {
  return state.fields[key]?.label ?? state.settingsFields[key]?.label ?? key
}

/** `Channel is "SMS"`, `Inline Media URLs is empty`. @param {Condition} condition @param {Record<string, unknown>} values */
function conditionWords(condition, values) {
  const label = labelOf(condition.fieldKey)
  const actual = values[condition.fieldKey]
  if (condition.value === undefined) return `${label} ${condition.operator === 'is' ? 'is empty' : 'is set'}`
  const shownValue =
    typeof actual === 'string' ? actual : Array.isArray(condition.value) ? condition.value[0] : condition.value
  return condition.operator === 'is' ? `${label} is "${shownValue}"` : `${label} is not "${condition.value}"`
}

/** Why a field is required with the current choices, e.g. `because Channel is "SMS"`. @param {string} key */
export function requiredBecause(key) {
  const required = state.fields[key]?.required
  if (!required || typeof required !== 'object') return ''
  const values = currentValues()
  const holding = (required.conditions ?? []).filter((condition) => conditionHolds(condition, values) !== false)
  return holding.length ? ` because ${holding.map((condition) => conditionWords(condition, values)).join(' and ')}` : ''
}

/**
 * The message shown next to field `key` for an error the server reported.
 * @param {string} key @param {string} message the framework's or the destination's words
 */
export function explainFieldError(key, message) {
  const missingRequired = new RegExp(`missing the required field '${key}'`).test(message)
  if (missingRequired) {
    const nothing = pathFindsNothing(key, state.event)
    const found = nothing?.length
      ? ` Its mapping finds nothing in this event (${nothing.join(', ')}): map another key or add it to the event.`
      : ' Pick or type a value, or map it from the event.'
    return `Required${requiredBecause(key)}.${found}`
  }
  // "The value at /validityPeriod must be greater than or equal to 1." → "Must be greater than or equal to 1."
  const at = new RegExp(`^The value at /${key} (.*)$`).exec(message.trim())
  if (at) return at[1].charAt(0).toUpperCase() + at[1].slice(1)
  // "Content Template Type (contentTemplateType) 'Quick Reply' is not …" → "'Quick Reply' is not …"; a mention of
  // the field inside the sentence ("Map 'To Phone Number' to …") becomes "this field".
  // A setting: "Credentials are invalid: Twilio Account SID (accountSID) in the destination settings must be …" →
  // "Must be …"; "… is empty or not text: paste …" → "Empty or not text: paste …".
  const label = labelOf(key)
  let text = message.replace(/^Credentials are invalid:\s*/, '')
  const prefixes = [`${label} (${key}) in the destination settings `, `${label} (${key}): `, `${label} (${key}) `]
  for (const prefix of [...prefixes, `${label}: `, `${key}: `]) {
    if (text.startsWith(prefix)) {
      const rest = text
        .slice(prefix.length)
        .trim()
        .replace(/^is (?=empty)/, '')
      text = rest.charAt(0).toUpperCase() + rest.slice(1)
      break
    }
  }
  return text.split(`'${label}'`).join('this field').split(`${label} (${key})`).join('this field')
}
