// Placeholders (`{{first_name}}`, `{{properties.order.id}}`) in text typed in the mapping, filled from the event.
// The text is read by a scanner that visits each character a bounded number of times, never by a pattern that can
// backtrack: typed text and event data cost time in proportion to their length, whatever they hold.
import { fail } from './validation'

const PLACEHOLDER_NAME = /^[A-Za-z_$][\w$-]*(\.[\w$-]+)*$/

const isDirective = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && Object.keys(value).some((key) => key.startsWith('@'))

/**
 * Whether the mapping's value at `key` (or `key.subKey` inside an object mapping) is text the user typed, as
 * opposed to a directive. Without the mapping (a direct call) the text is taken as typed.
 */
export function typedByUser(mapping: unknown, key: string, subKey?: string): boolean {
  return typedEntriesOf(mapping, key)(subKey)
}

/**
 * `typedByUser` for the entries of one object field, with the field itself looked at once: asking for each of n
 * entries costs n steps, not n times the size of the object.
 */
export function typedEntriesOf(mapping: unknown, key: string): (subKey: string | undefined) => boolean {
  if (!mapping || typeof mapping !== 'object') return () => true
  const value = (mapping as Record<string, unknown>)[key]
  const fieldIsDirective = isDirective(value)
  return (subKey) => {
    if (subKey === undefined) return value === undefined || !fieldIsDirective
    if (fieldIsDirective) return false
    const entry =
      value && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, subKey)
        ? (value as Record<string, unknown>)[subKey]
        : undefined
    return entry === undefined || !isDirective(entry)
  }
}

/** A placeholder found in the text: where it starts and ends, and the name inside it (spaces trimmed). */
interface Placeholder {
  start: number
  end: number
  expression: string
}

/** The text cut into placeholders, and how many characters lie outside them. */
interface ScannedText {
  placeholders: Placeholder[]
  literalLength: number
}

const OPEN = 123 // {
const CLOSE = 125 // }

/**
 * Finds `{{name}}` and `{{{name}}}` (Handlebars' unescaped form, read alike: SMS has nothing to escape) from left to
 * right. A name holds no brace; an opening pair that is not closed before the next brace is text. After a failed
 * opening, the next one can only start one character later or at the brace that ended the attempt (the characters
 * between hold no brace), so no character is read more than three times.
 */
function scanPlaceholders(text: string): ScannedText {
  const placeholders: Placeholder[] = []
  let literalLength = 0
  let index = 0
  let literalFrom = 0
  while (index < text.length - 1) {
    if (text.charCodeAt(index) !== OPEN || text.charCodeAt(index + 1) !== OPEN) {
      index++
      continue
    }
    let nameStart = index + 2
    if (text.charCodeAt(nameStart) === OPEN) nameStart++
    let brace = nameStart
    while (brace < text.length && text.charCodeAt(brace) !== OPEN && text.charCodeAt(brace) !== CLOSE) brace++
    if (text.charCodeAt(brace) !== CLOSE || text.charCodeAt(brace + 1) !== CLOSE) {
      index++
      continue
    }
    const end = text.charCodeAt(brace + 2) === CLOSE ? brace + 3 : brace + 2
    literalLength += index - literalFrom
    placeholders.push({ start: index, end, expression: text.slice(nameStart, brace).trim() })
    index = end
    literalFrom = end
  }
  literalLength += text.length - literalFrom
  return { placeholders, literalLength }
}

export interface FillOptions {
  /** Names the field in errors. Default: the inline body. */
  where?: string
  /**
   * The most characters the filled text may have. Checked before any value is looked up: the text outside the
   * placeholders, plus at least one character for each placeholder (an empty value is an error).
   */
  maxLength?: number
}

/** Fills `{{name}}` and `{{dotted.path}}` from the event; a placeholder with no value is an error, never sent raw. */
export function fillPlaceholders(text: string, event: unknown, options: FillOptions | string = {}): string {
  const { where = 'Inline Template (inlineBody)', maxLength }: FillOptions =
    typeof options === 'string' ? { where: options } : options
  const { placeholders, literalLength } = scanPlaceholders(text)
  if (maxLength !== undefined) checkLengthBeforeFilling(where, literalLength, placeholders.length, maxLength)
  const parts: string[] = []
  let from = 0
  for (const placeholder of placeholders) {
    parts.push(text.slice(from, placeholder.start), placeholderValue(placeholder.expression, event, where))
    from = placeholder.end
  }
  parts.push(text.slice(from))
  const filled = parts.join('')
  if (filled.includes('{{') || filled.includes('}}')) {
    fail(`${where} has an unmatched '{{' or '}}': close every placeholder, for example {{first_name}}.`)
  }
  return filled
}

const count = (value: number) => value.toLocaleString('en-US')

function checkLengthBeforeFilling(where: string, literal: number, placeholders: number, max: number): void {
  if (literal > max && placeholders === 0) {
    fail(
      `${where} is ${count(literal)} characters after filling placeholders; Twilio allows at most ${count(
        max
      )}. Shorten the text.`
    )
  }
  if (literal > max) {
    fail(
      `${where} is ${count(literal)} characters before its placeholders are even filled; Twilio allows at most ${count(
        max
      )}. Shorten the text.`
    )
  }
  if (literal + placeholders > max) {
    fail(
      `${where} has ${count(literal)} characters of text and ${count(
        placeholders
      )} placeholders, each filled with at least one character: more than the ${count(
        max
      )} Twilio allows. Shorten the text or use fewer placeholders.`
    )
  }
}

function placeholderValue(expression: string, event: unknown, where: string): string {
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
