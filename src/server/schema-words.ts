// actions-core's schema messages in the words the destination itself uses: the field's label and key, why it is
// needed, and what to do. "The root value is missing the required field 'toMessengerUserId'. The root value must
// match "then" schema." becomes "To Messenger User ID (toMessengerUserId) is required when Channel is "Messenger":
// map it from the event or type a value." Used for POST /<action>, its batches and `npm run send`, so no schema
// jargon reaches a user; the tester page says the same next to each field.
import type { InputField } from '@segment/actions-core'

type Fields = Record<string, Pick<InputField, 'label' | 'required'>>

interface Condition {
  fieldKey: string
  operator: string
  value?: unknown
}

function labelled(key: string, fields: Fields): string {
  const label = fields[key]?.label
  return label ? `${label} (${key})` : key
}

/** ` when Channel is "Messenger"` for a conditional requirement; '' for an unconditional one. */
function whenRequired(key: string, fields: Fields): string {
  const required = fields[key]?.required
  if (!required || typeof required !== 'object') return ''
  const { conditions = [], match } = required as { conditions?: Condition[]; match?: string }
  const words = conditions.map(({ fieldKey, operator, value }) => {
    const label = fields[fieldKey]?.label ?? fieldKey
    if (value === undefined) return `${label} ${operator === 'is' ? 'is empty' : 'is set'}`
    const shown = Array.isArray(value) ? value.map((item) => `"${item}"`).join(' or ') : `"${value}"`
    return `${label} ${operator === 'is' ? 'is' : 'is not'} ${shown}`
  })
  return words.length ? ` when ${words.join(match === 'any' ? ' or ' : ' and ')}` : ''
}

const MISSING = /The root value is missing the required field '([^']+)'\.?/g
const THEN_SCHEMA = /\s*The root value must match "(?:then|else)" schema\.?/g
const VALUE_AT = /The value at \/([A-Za-z0-9_]+)(?:\/\S*)? (must [^.]*)\.?/g

/** The message in plain words; a message that is not actions-core's schema text comes back unchanged. */
export function plainSchemaWords(message: string, fields: Fields): string {
  const plain = message
    .replace(THEN_SCHEMA, '')
    .replace(
      MISSING,
      (_match, key: string) =>
        `${labelled(key, fields)} is required${whenRequired(key, fields)}: map it from the event or type a value.`
    )
    .replace(VALUE_AT, (_match, key: string, rule: string) => `${labelled(key, fields)} ${rule}: change its value.`)
    .trim()
  return plain || message
}

/** An error entry's message and field messages in plain words. */
export function entryInPlainWords<T extends { message: string; fields?: Record<string, string> }>(
  entry: T,
  fields: Fields
): T {
  const words = (text: string) => plainSchemaWords(text, fields)
  return {
    ...entry,
    message: words(entry.message),
    ...(entry.fields
      ? { fields: Object.fromEntries(Object.entries(entry.fields).map(([key, text]) => [key, words(text)])) }
      : {})
  }
}
