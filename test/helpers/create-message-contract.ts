// A minimal check of Create Message form parameters against CreateMessageRequest in Twilio's OpenAPI excerpt:
// every name exists in the schema (Tags is the one known extension), `To` is present, and each value holds the
// declared type, pattern, length, enum and format. Written for the batch branch; to be unified with
// test/helpers/contract.ts from main.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

type Schema = {
  type?: string
  format?: string
  pattern?: string
  minLength?: number
  maxLength?: number
  enum?: string[]
  items?: Schema
  $ref?: string
}

const SPEC_PATH = join(__dirname, '..', '..', '..', 'shared', 'twilio-oai', 'twilio_api_v2010.messaging.json')
const EXTENSIONS = new Set(['Tags'])

let cached: { properties: Record<string, Schema>; required: string[]; components: Record<string, Schema> } | undefined

function spec() {
  if (cached) return cached
  const document = JSON.parse(readFileSync(SPEC_PATH, 'utf8'))
  const schema =
    document.paths['/2010-04-01/Accounts/{AccountSid}/Messages.json'].post.requestBody.content[
      'application/x-www-form-urlencoded'
    ].schema
  cached = { properties: schema.properties, required: schema.required ?? [], components: document.components.schemas }
  return cached
}

function resolve(schema: Schema): Schema {
  if (!schema.$ref) return schema
  const name = schema.$ref.split('/').pop() as string
  return spec().components[name]
}

/** Problems found in the form parameters; empty when they pass. */
export function checkCreateMessageParams(params: Array<[string, string]>): string[] {
  const { properties, required } = spec()
  const problems: string[] = []
  const names = new Set(params.map(([name]) => name))
  for (const name of required) if (!names.has(name)) problems.push(`missing required ${name}`)
  const counts = new Map<string, number>()
  for (const [name, value] of params) {
    counts.set(name, (counts.get(name) ?? 0) + 1)
    if (EXTENSIONS.has(name)) continue
    const declared = properties[name]
    if (!declared) {
      problems.push(`${name} is not a CreateMessageRequest parameter`)
      continue
    }
    const schema = resolve(declared)
    const valueSchema = schema.type === 'array' && schema.items ? resolve(schema.items) : schema
    problems.push(...checkValue(name, value, valueSchema))
  }
  for (const [name, count] of counts) {
    if (count > 1 && resolve(properties[name] ?? {}).type !== 'array') problems.push(`${name} repeated ${count} times`)
  }
  return problems
}

function checkValue(name: string, value: string, schema: Schema): string[] {
  const problems: string[] = []
  if (typeof value !== 'string') return [`${name} is not a string`]
  if (value.includes('{{') || value.includes('}}')) problems.push(`${name} has a raw placeholder`)
  switch (schema.type) {
    case 'integer':
      if (!/^-?\d+$/.test(value)) problems.push(`${name} '${value}' is not an integer`)
      break
    case 'number':
      if (Number.isNaN(Number(value))) problems.push(`${name} '${value}' is not a number`)
      break
    case 'boolean':
      if (value !== 'true' && value !== 'false') problems.push(`${name} '${value}' is not a boolean`)
      break
  }
  if (schema.enum && !schema.enum.includes(value)) problems.push(`${name} '${value}' is not one of ${schema.enum}`)
  if (schema.pattern && !new RegExp(schema.pattern).test(value)) problems.push(`${name} '${value}' fails its pattern`)
  if (schema.minLength !== undefined && value.length < schema.minLength) problems.push(`${name} is too short`)
  if (schema.maxLength !== undefined && value.length > schema.maxLength) problems.push(`${name} is too long`)
  if (schema.format === 'uri' && !isUri(value)) problems.push(`${name} '${value}' is not a URI`)
  if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) problems.push(`${name} is not a date-time`)
  if (schema.format === 'phone-number' && !/^(\+\d{6,15}|\d{5,6}|[A-Za-z0-9 \-+_&]{1,11}|[a-z]+:\S+)$/.test(value))
    problems.push(`${name} '${value}' is not an address`)
  if (name === 'ContentVariables') {
    try {
      const parsed = JSON.parse(value)
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        problems.push('ContentVariables is not an object')
      else if (Object.values(parsed).some((v) => typeof v !== 'string' || v === ''))
        problems.push('ContentVariables has a value that is not a non-empty string')
    } catch {
      problems.push('ContentVariables is not JSON')
    }
  }
  if (name === 'Body' && value.length > 1600) problems.push('Body longer than 1,600 characters')
  return problems
}

function isUri(value: string): boolean {
  try {
    return Boolean(new URL(value).protocol)
  } catch {
    return false
  }
}
