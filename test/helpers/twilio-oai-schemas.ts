// Validators for the response schemas of Twilio's OpenAPI spec (not a test file itself). The spec files come from
// the pinned npm package through twilio-oai.ts; here OpenAPI's `nullable` is translated for Ajv and Twilio's custom
// formats are defined.
import Ajv, { ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { readTwilioSpec } from './twilio-oai'

const SPECS = {
  api: 'twilio_api_v2010.json',
  messaging: 'twilio_messaging_v1.json',
  messagingV2: 'twilio_messaging_v2.json',
  content: 'twilio_content_v1.json'
} as const

/** Which spec file a schema comes from, as the Ajv schema ID it is registered under. */
export type TwilioSpecId = keyof typeof SPECS

export type Json = Record<string, unknown>

/** OpenAPI 3.0 `nullable: true` → JSON Schema (a `null` type, or `anyOf` with null next to a `$ref`). */
function translateNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(translateNullable)
  if (!node || typeof node !== 'object') return node
  const out: Json = {}
  for (const [key, value] of Object.entries(node as Json)) out[key] = translateNullable(value)
  if (out.nullable === true) {
    delete out.nullable
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null']
      if (Array.isArray(out.enum)) out.enum = [...out.enum, null]
    } else if (typeof out.$ref === 'string') {
      const ref = out.$ref
      delete out.$ref
      out.anyOf = [{ $ref: ref }, { type: 'null' }]
    }
  }
  return out
}

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1')

const RFC_2822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/

function createAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats(ajv)
  // The spec marks relative paths such as `first_page_uri` and empty URLs (`sms_url: ""`) with `format: uri`,
  // and its own examples are paths: read it as a URI reference.
  ajv.addFormat('uri', (value: string) => value === '' || value.startsWith('/') || /^https?:\/\/[^\s]+$/.test(value))
  ajv.addFormat('date-time-rfc-2822', RFC_2822)
  ajv.addFormat('phone-number', (value: string) =>
    /^(\+[1-9]\d{6,14}|\d{5,6}|[A-Za-z0-9 +\-_&]{1,11}|[a-z]+:.+)$/.test(value)
  )
  ajv.addFormat('currency', /^[A-Z]{3}$/)
  ajv.addFormat('http-method', /^(GET|POST)$/)
  for (const name of ['uri-map', 'phone-number-capabilities', 'int64']) ajv.addFormat(name, true)
  for (const [id, file] of Object.entries(SPECS)) {
    const spec = readTwilioSpec(file)
    ajv.addSchema(translateNullable({ paths: spec.paths, components: spec.components }) as Json, id)
  }
  return ajv
}

/** Every spec's paths and components, registered once per test file. */
export const ajv = createAjv()

/** The schema of one JSON response of one operation, e.g. ('api', '/2010-04-01/Accounts/{Sid}.json', 'get', '200'). */
export function responseValidator(spec: TwilioSpecId, route: string, method: string, status: string): ValidateFunction {
  const pointer = ['paths', route, method, 'responses', status, 'content', 'application/json', 'schema']
    .map(escapePointer)
    .join('/')
  const validate = ajv.getSchema(`${spec}#/${pointer}`)
  if (!validate) throw new Error(`No schema at ${spec}#/${pointer}`)
  return validate
}

/** A schema of the spec's `components.schemas`. */
export function componentValidator(spec: TwilioSpecId, name: string): ValidateFunction {
  const validate = ajv.getSchema(`${spec}#/components/schemas/${escapePointer(name)}`)
  if (!validate) throw new Error(`No component ${name} in ${spec}`)
  return validate
}

/** Asserts that `value` is valid, printing Ajv's errors prefixed with `label` when it is not. */
export function expectValid(validate: ValidateFunction, value: unknown, label: string) {
  const valid = validate(value)
  const errors = valid
    ? []
    : (validate.errors ?? []).map((e) => `${label}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)
  if (errors.length) console.error(errors.join('\n'))
  expect(errors).toEqual([])
}
