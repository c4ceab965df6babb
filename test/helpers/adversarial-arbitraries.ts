// fast-check arbitraries for the shapes that once cost seconds or crashed a process (issue 17): long runs of `{`
// and spaces after a placeholder opening, many keys, deep nesting, URLs with invisible characters or private
// addresses, numbers in other notations. Shared by the property runs of the action and of the dev server.
import fc from 'fast-check'

/** The most time one generated case may take. A budget, not a benchmark: linear code needs a few milliseconds. */
export const CASE_BUDGET_MS = 250

const UNITS = ['{', '{{', '{{{', '}', '}}', ' ', '{{ ', '{{a', 'a}}', '\u200B', '\n', 'x']

/**
 * Text of 200 to 4,000 characters made of one unit repeated, optionally after `{{`, with a short tail; most often
 * `{{` and spaces, the shape a backtracking placeholder pattern took seconds on.
 */
export const longRun: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 200, max: 4000 }).map((spaces) => `{{${' '.repeat(spaces)}`),
  fc
    .tuple(fc.constantFrom(...UNITS), fc.integer({ min: 200, max: 4000 }), fc.boolean(), fc.string({ maxLength: 3 }))
    .map(
      ([unit, length, opened, tail]) => `${opened ? '{{' : ''}${unit.repeat(Math.ceil(length / unit.length))}${tail}`
    )
)

/** An object of 50 to 3,000 keys, each value plain or a placeholder opening followed by spaces. */
export const manyKeys: fc.Arbitrary<Record<string, string>> = fc
  .tuple(fc.integer({ min: 50, max: 3000 }), fc.boolean())
  .map(([count, braces]) =>
    Object.fromEntries(
      Array.from({ length: count }, (_, i) => [`k${i}`, braces && i % 2 ? `{{${' '.repeat(40)}` : 'v'])
    )
  )

/** Objects (or arrays) nested 10 to 400 levels deep around a string. */
export const deepNesting: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 10, max: 400 }), fc.boolean())
  .map(([depth, arrays]) => {
    let value: unknown = 'x'
    for (let level = 0; level < depth; level++) value = arrays ? [value] : { a: value }
    return value
  })

/** URLs Twilio could not use, each written to fool a check that reads the parsed URL instead of the text. */
export const badUrl: fc.Arbitrary<string> = fc.constantFrom(
  'https://example.com/{{properties.image}}.png',
  'https://example.com/a\r\n.png',
  'https://exa\u200Bmple.com/a.png',
  'https:example.com/a.png',
  'http://169.254.169.254/latest/meta-data',
  'http://127.0.0.1:3000/callbacks',
  'http://localhost/cb',
  'http://[::1]/cb',
  'http://0x7f.1/a.png',
  'https://10.0.0.1/a.png',
  `https://example.com/${'{'.repeat(3000)}`
)

/** Validity periods that coerce to a number but are not one: a boolean, hexadecimal, binary, octal, exponent. */
export const coercedNumber: fc.Arbitrary<unknown> = fc.constantFrom(
  true,
  '0x258',
  '0b1001011000',
  '0o1130',
  '1e3',
  600.5
)

/** Any of the above, for fields and event values that take anything. */
export const adversarial: fc.Arbitrary<unknown> = fc.oneof(longRun, manyKeys, deepNesting, badUrl, coercedNumber)
