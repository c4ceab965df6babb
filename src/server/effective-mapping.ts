// The mapping an action runs with when the dev server gets a partial one, or none: serve's merge over the defaults.
import type { JSONObject } from '@segment/actions-core'
import { isObject } from './json'

/** What Segment's UI would fill in for a subscription nobody edited: every field's default. */
export function defaultMapping(fields: Record<string, { default?: unknown }>): JSONObject {
  const mapping: JSONObject = {}
  for (const [key, field] of Object.entries(fields)) {
    if (field.default !== undefined && field.default !== null) mapping[key] = field.default as JSONObject[string]
  }
  return mapping
}

/**
 * The mapping serve runs: the action's field defaults under the posted mapping (`{...defaults, ...mapping}`), so a
 * partial mapping works; when both are empty, the event itself (the first one of a batch), as serve does.
 */
export function effectiveMapping(
  fields: Record<string, { default?: unknown }>,
  posted: JSONObject | undefined,
  payload: unknown
): JSONObject {
  const merged = { ...defaultMapping(fields), ...(posted ?? {}) }
  if (Object.keys(merged).length > 0) return merged
  const first = Array.isArray(payload) ? payload[0] : payload
  return isObject(first) ? (first as JSONObject) : {}
}
