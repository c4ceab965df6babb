// Which event each batch payload came from. actions-core's executeBatch (destination-kit/action.ts, 3.170.0) maps
// every event with `transformBatch`, then for each one runs `removeEmptyValues(payload, schema)` and
// `validateSchema(payload, schema)`, keeps the payloads that pass, in order, and hands performBatch those payloads
// plus ALL the events as `rawData`, without saying which indices it dropped. Validation coerces in place (a numeric
// phone becomes a string, "3600" becomes 3600, one URL becomes a list) and drops keys that are not fields, so a
// payload cannot be matched to its event by comparing values. Each payload that carries its event's messageId (the
// hidden Event Message ID field) is matched by it, in order. Only mappings saved without that field need the
// framework's own decision made again, per event, with the same mapping, the same schema and the same steps: the
// n-th event that passes is the n-th payload. The raw events and mapping come through framework.ts.
import { fieldsToJsonSchema, transform, validateSchema } from '@segment/actions-core'
import type { InputField, JSONObject } from '@segment/actions-core'

type JsonSchema = ReturnType<typeof fieldsToJsonSchema>

export interface Pairing {
  /** The event of each payload, by payload index; undefined when the pairing could not be made. */
  events: unknown[]
  /** How it was decided, for logs and tests. */
  method: 'all-valid' | 'by-message-id' | 'revalidated' | 'unpaired'
}

const schemas = new WeakMap<Record<string, InputField>, { schema: JsonSchema; key: string }>()
let schemaCount = 0

function schemaFor(fields: Record<string, InputField>) {
  let entry = schemas.get(fields)
  if (!entry) {
    // Our own cache key (actions-core's is "<destination>:<title>"); no space in it, see the fast-uri note.
    entry = { schema: fieldsToJsonSchema(fields), key: `twilio-messaging-batch-pairing-${++schemaCount}` }
    schemas.set(fields, entry)
  }
  return entry
}

/**
 * Pairs each payload with its event. When no event was dropped the indices already match. Otherwise every event is
 * run through the framework's steps again; if the number that pass is not the number of payloads (which would mean
 * the steps here no longer match the framework's), no payload gets an event rather than a wrong one.
 */
export function pairPayloadsWithEvents(
  rawData: unknown,
  payloadCount: number,
  rawMapping: unknown,
  fields: Record<string, InputField>,
  payloadMessageIds: unknown[] = []
): Pairing {
  const events = Array.isArray(rawData) ? rawData : []
  if (events.length === payloadCount) return { events, method: 'all-valid' }
  const byId = pairByMessageId(events, payloadCount, payloadMessageIds)
  if (byId) return { events: byId, method: 'by-message-id' }
  const unpaired: Pairing = { events: new Array(payloadCount).fill(undefined), method: 'unpaired' }
  if (!rawMapping || typeof rawMapping !== 'object') return unpaired
  const valid = events.filter((event) => passesFrameworkValidation(event, rawMapping as JSONObject, fields))
  return valid.length === payloadCount ? { events: valid, method: 'revalidated' } : unpaired
}

/** Payloads and events walked in order, each payload taking the next event with its messageId; undefined if any fails. */
function pairByMessageId(events: unknown[], payloadCount: number, ids: unknown[]): unknown[] | undefined {
  if (ids.length !== payloadCount || payloadCount === 0) return undefined
  const paired: unknown[] = []
  let next = 0
  for (const id of ids) {
    if (typeof id !== 'string' || id === '') return undefined
    while (next < events.length && (events[next] as { messageId?: unknown } | null)?.messageId !== id) next++
    if (next === events.length) return undefined
    paired.push(events[next++])
  }
  return paired
}

/** The framework's per-event decision: transform, drop empty values, validate with coercion. */
export function passesFrameworkValidation(
  event: unknown,
  mapping: JSONObject,
  fields: Record<string, InputField>
): boolean {
  const { schema, key } = schemaFor(fields)
  let payload: unknown
  try {
    payload = transform(mapping, event as JSONObject)
  } catch {
    return false
  }
  const cleaned = dropEmptyValues(payload, schema)
  return validateSchema(cleaned, schema, {
    schemaKey: key,
    throwIfInvalid: false,
    exempt: ['dynamicAuthSettings']
  })
}

/**
 * actions-core's removeEmptyValues as executeBatch calls it (not at the root, so an empty string at the top level is
 * kept, unlike in perform). It is not exported by the package, so its documented rule is restated here: null is
 * dropped unless the field's type allows null, "" is dropped unless it allows string, arrays and objects are
 * cleaned item by item following `items` and `properties`, and values without a typed schema are left alone.
 */
export function dropEmptyValues(value: unknown, schema: JsonSchema | undefined): unknown {
  if (!schema || (schema.type === undefined && schema.enum === undefined)) return value
  if (Array.isArray(value)) {
    const items = schema.items
    if (!items) return value
    return value.filter((item) => dropEmptyValues(item, items) !== undefined)
  }
  if (isPlainObject(value)) {
    const properties = schema.properties
    if (!properties) return value
    const cleaned: Record<string, unknown> = { ...value }
    for (const name of Object.keys(cleaned)) {
      const next = dropEmptyValues(cleaned[name], properties[name])
      if (next === undefined) delete cleaned[name]
      else cleaned[name] = next
    }
    return cleaned
  }
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type]
  if (value === null && !types.includes('null')) return undefined
  if (value === '' && !types.includes('string')) return undefined
  return value
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return Object.prototype.toString.call(value) === '[object Object]'
}
