// @ts-check
// `depends_on` and conditional `required` of actions-core fields, evaluated against what the page knows of the
// mapping. A field mapped from the event (path, template) has a value only at send time: conditions on it are
// "unknown" (null), which never hides a field and never marks one required.

/**
 * @typedef {{ fieldKey: string, operator: 'is' | 'is_not', value?: unknown }} Condition
 * @typedef {{ match?: 'all' | 'any', conditions: Condition[] }} Conditions
 */

/** Stands for "mapped from the event": set, but its value is not known before sending. */
export const MAPPED = Object.freeze({ mapped: true })

/** @param {unknown} value */
export function isEmpty(value) {
  if (value === undefined || value === null || value === '') return true
  if (Array.isArray(value)) return value.length === 0
  if (typeof value === 'object' && value !== MAPPED) return Object.keys(value).length === 0
  return false
}

/** Channel, sender type and template type are matched without regard to case, as the destination does. */
/** @param {unknown} value */
function normalize(value) {
  return typeof value === 'string' ? value.trim().toLowerCase() : value
}

/**
 * @param {Condition} condition
 * @param {Record<string, unknown>} values
 * @returns {boolean | null} null when the answer depends on the event
 */
export function conditionHolds(condition, values) {
  const actual = values[condition.fieldKey]
  const negate = condition.operator === 'is_not'
  let matches
  if (actual === MAPPED) {
    if (condition.value !== undefined) return null
    matches = false // "is empty": a mapped field is taken as set
  } else if (condition.value === undefined) {
    matches = isEmpty(actual)
  } else {
    const wanted = Array.isArray(condition.value) ? condition.value : [condition.value]
    const have = normalize(actual)
    matches = !isEmpty(actual) && wanted.some((candidate) => normalize(candidate) === have)
  }
  return negate ? !matches : matches
}

/**
 * @param {Conditions | undefined} conditions
 * @param {Record<string, unknown>} values
 * @returns {boolean | null}
 */
export function evaluate(conditions, values) {
  if (!conditions || !Array.isArray(conditions.conditions) || conditions.conditions.length === 0) return true
  const results = conditions.conditions.map((condition) => conditionHolds(condition, values))
  if (conditions.match === 'any') {
    if (results.includes(true)) return true
    return results.includes(null) ? null : false
  }
  if (results.includes(false)) return false
  return results.includes(null) ? null : true
}

/**
 * Shown unless its depends_on is known to fail.
 * @param {{ depends_on?: Conditions }} field
 * @param {Record<string, unknown>} values
 */
export function isVisible(field, values) {
  return evaluate(field.depends_on, values) !== false
}

/**
 * `always` (required: true), `now` (a condition holds), `maybe` (depends on the event) or `no`.
 * @param {{ required?: boolean | Conditions }} field
 * @param {Record<string, unknown>} values
 * @returns {'always' | 'now' | 'maybe' | 'no'}
 */
export function requiredState(field, values) {
  if (field.required === true) return 'always'
  if (!field.required || typeof field.required !== 'object') return 'no'
  const result = evaluate(field.required, values)
  return result === true ? 'now' : result === null ? 'maybe' : 'no'
}

/**
 * Every field key that some condition reads.
 * @param {Record<string, { depends_on?: Conditions, required?: boolean | Conditions }>} fields
 */
export function conditionKeys(fields) {
  const keys = new Set()
  for (const field of Object.values(fields)) {
    for (const conditions of [field.depends_on, typeof field.required === 'object' ? field.required : undefined]) {
      for (const condition of conditions?.conditions ?? []) keys.add(condition.fieldKey)
    }
  }
  return keys
}
