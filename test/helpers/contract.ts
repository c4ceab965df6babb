// Checks form parameters against Twilio's OpenAPI CreateMessageRequest (the spec from node_modules, see
// ./twilio-oai.ts), so every request the suite builds is one Twilio's spec accepts: names exist, types, enums,
// patterns and formats hold.
import { readTwilioSpec } from './twilio-oai'

type JsonSchema = {
  type?: string
  format?: string
  pattern?: string
  enum?: string[]
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  items?: JsonSchema
  $ref?: string
  properties?: Record<string, JsonSchema>
  required?: string[]
}

type ApiSpec = {
  paths: Record<string, { post: { requestBody: { content: Record<string, { schema: JsonSchema }> } } }>
  components: { schemas: Record<string, JsonSchema> }
}

const MESSAGES_PATH = '/2010-04-01/Accounts/{AccountSid}/Messages.json'

/** Parameters the spec no longer lists but Twilio still accepts and saved Segment mappings send. */
const KNOWN_EXTENSIONS: Record<string, JsonSchema> = { Tags: { type: 'string' } }

let cached: { schema: JsonSchema; components: Record<string, JsonSchema> } | undefined

function loadSpec() {
  if (!cached) {
    const spec = readTwilioSpec('twilio_api_v2010.json') as unknown as ApiSpec
    const schema = spec.paths[MESSAGES_PATH].post.requestBody.content['application/x-www-form-urlencoded'].schema
    cached = { schema, components: spec.components.schemas }
  }
  return cached
}

function resolve(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  if (!schema.$ref) return schema
  const name = schema.$ref.replace('#/components/schemas/', '')
  const target = components[name]
  if (!target) throw new Error(`Unresolvable $ref ${schema.$ref}`)
  return resolve(target, components)
}

const E164 = /^\+[1-9]\d{1,14}$/
const CHANNEL_ADDRESS = /^(whatsapp|messenger|rcs):\S+$/
const SHORT_CODE = /^\d{5,6}$/
const ALPHANUMERIC = /^(?=.*[A-Za-z])[A-Za-z0-9 \-+_&]{1,11}$/

function checkValue(name: string, value: string, schema: JsonSchema): string[] {
  const errors: string[] = []
  switch (schema.type) {
    case 'integer':
      if (!/^-?\d+$/.test(value)) errors.push(`${name}: '${value}' is not an integer`)
      break
    case 'number':
      if (Number.isNaN(Number(value))) errors.push(`${name}: '${value}' is not a number`)
      break
    case 'boolean':
      if (value !== 'true' && value !== 'false') errors.push(`${name}: '${value}' is not a boolean`)
      break
  }
  if (schema.enum && !schema.enum.includes(value))
    errors.push(`${name}: '${value}' is not one of ${schema.enum.join(', ')}`)
  if (schema.pattern && !new RegExp(schema.pattern).test(value))
    errors.push(`${name}: '${value}' does not match ${schema.pattern}`)
  if (schema.minLength !== undefined && value.length < schema.minLength)
    errors.push(`${name}: shorter than ${schema.minLength}`)
  if (schema.maxLength !== undefined && value.length > schema.maxLength)
    errors.push(`${name}: longer than ${schema.maxLength}`)
  if (
    schema.format === 'phone-number' &&
    ![E164, CHANNEL_ADDRESS, SHORT_CODE, ALPHANUMERIC].some((p) => p.test(value))
  ) {
    errors.push(`${name}: '${value}' is not an E.164 number, channel address, short code or alphanumeric sender`)
  }
  if (schema.format === 'uri') {
    try {
      new URL(value)
    } catch {
      errors.push(`${name}: '${value}' is not a URI`)
    }
  }
  if (schema.format === 'date-time' && Number.isNaN(Date.parse(value)))
    errors.push(`${name}: '${value}' is not a date-time`)
  return errors
}

/** Returns the contract violations of a CreateMessage form body (empty when valid). */
export function createMessageViolations(params: Array<[string, string]> | URLSearchParams | string): string[] {
  const { schema, components } = loadSpec()
  const entries = typeof params === 'string' ? [...new URLSearchParams(params)] : [...params]
  const errors: string[] = []
  const counts = new Map<string, number>()
  for (const [name, value] of entries) {
    counts.set(name, (counts.get(name) ?? 0) + 1)
    // Not Twilio's rule but ours: a mapping placeholder must never reach Twilio unfilled.
    if (value.includes('{{') || value.includes('}}')) errors.push(`${name}: raw placeholder braces in '${value}'`)
    const declared = schema.properties?.[name] ?? KNOWN_EXTENSIONS[name]
    if (!declared) {
      errors.push(`${name}: not a CreateMessage parameter`)
      continue
    }
    const property = resolve(declared, components)
    const itemSchema = property.type === 'array' ? resolve(property.items ?? {}, components) : property
    errors.push(...checkValue(name, value, itemSchema))
  }
  for (const [name, count] of counts) {
    const declared = schema.properties?.[name]
    if (count > 1 && (!declared || resolve(declared, components).type !== 'array')) {
      errors.push(`${name}: repeated ${count} times but is not an array`)
    }
  }
  for (const name of schema.required ?? []) if (!counts.has(name)) errors.push(`${name}: required`)
  // Twilio's own combination rules (21603, 21602).
  if (!counts.has('From') && !counts.has('MessagingServiceSid')) errors.push('From or MessagingServiceSid: required')
  if (!counts.has('Body') && !counts.has('MediaUrl') && !counts.has('ContentSid')) {
    errors.push('Body, MediaUrl or ContentSid: required')
  }
  return errors
}
