// Placeholders (`{{first_name}}`, `{{properties.order.id}}`) in text typed in the mapping, filled from the event.
import { fail } from './validation'

// `{{{name}}}` (Handlebars' unescaped form) is read like `{{name}}`: SMS has nothing to escape.
const PLACEHOLDER = /\{\{\{?\s*([^{}]*?)\s*\}?\}\}/g
const PLACEHOLDER_NAME = /^[A-Za-z_$][\w$-]*(\.[\w$-]+)*$/

const isDirective = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && Object.keys(value).some((key) => key.startsWith('@'))

/**
 * Whether the mapping's value at `key` (or `key.subKey` inside an object mapping) is text the user typed, as
 * opposed to a directive. Without the mapping (a direct call) the text is taken as typed.
 */
export function typedByUser(mapping: unknown, key: string, subKey?: string): boolean {
  if (!mapping || typeof mapping !== 'object') return true
  let value = (mapping as Record<string, unknown>)[key]
  if (subKey !== undefined) {
    if (isDirective(value)) return false
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[subKey] : undefined
  }
  return value === undefined || !isDirective(value)
}

/** Fills `{{name}}` and `{{dotted.path}}` from the event; a placeholder with no value is an error, never sent raw. */
export function fillPlaceholders(text: string, event: unknown, where = 'Inline Template (inlineBody)'): string {
  const filled = text.replace(PLACEHOLDER, (_match, expression: string) => {
    if (!PLACEHOLDER_NAME.test(expression)) {
      return fail(
        `${where} has a placeholder '{{${expression}}}' that is not a field name: use names such as {{first_name}} or {{properties.order.id}}.`
      )
    }
    const value = lookupPlaceholder(event, expression)
    if (value === undefined || value === null || value === '') {
      return fail(
        `${where} uses {{${expression}}}, but the event has no value for it (looked in properties, traits and context.traits). Add it to the event or remove the placeholder.`
      )
    }
    if (typeof value === 'object') {
      return fail(
        `${where} placeholder {{${expression}}} is an object or list in the event; point it at a single value, such as {{${expression}.name}}.`
      )
    }
    return String(value)
  })
  if (filled.includes('{{') || filled.includes('}}')) {
    fail(`${where} has an unmatched '{{' or '}}': close every placeholder, for example {{first_name}}.`)
  }
  return filled
}

const LOOKUP_ROOTS = ['properties', 'traits', 'context.traits']

function lookupPlaceholder(event: unknown, expression: string): unknown {
  const candidates = expression.includes('.')
    ? [expression, ...LOOKUP_ROOTS.map((root) => `${root}.${expression}`)]
    : LOOKUP_ROOTS.map((root) => `${root}.${expression}`)
  for (const candidate of candidates) {
    const value = getPath(event, candidate)
    if (value !== undefined && value !== null && value !== '') return value
  }
  return undefined
}

function getPath(root: unknown, dotted: string): unknown {
  let current: unknown = root
  for (const part of dotted.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, part)) {
      return undefined
    }
    current = (current as Record<string, unknown>)[part]
  }
  return current
}
