// Property: whatever shape a request posts (deep nesting, many keys, long runs of braces and spaces, in the mapping,
// the event or the settings), the dev server answers within a generous budget, with a 400 naming the field or
// the action's own answer (never an internal error), and keeps answering (issue 17).
import fc from 'fast-check'
import { sampleEvent, sampleMapping } from '../../src/server/samples'
import { CASE_BUDGET_MS, longRun } from '../helpers/adversarial-arbitraries'
import { settings, useDevServer } from './app-harness'

const app = useDevServer()
const RUNS = Number(process.env.PROPERTY_RUNS ?? 40)
/** A whole HTTP round trip with up to 1 MB of JSON to parse: four times a case's budget. */
const REQUEST_BUDGET_MS = 4 * CASE_BUDGET_MS

/** JSON text, built by hand: JSON.stringify overflows the stack on objects nested this deep. */
const shapeJson = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1, max: 12000 }), fc.boolean())
    .map(([depth, arrays]) =>
      arrays ? `${'['.repeat(depth)}"x"${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`
    ),
  fc
    .integer({ min: 1, max: 30000 })
    .map((keys) => JSON.stringify(Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, `{{ ${i}`])))),
  longRun.map((text) => JSON.stringify(text))
)

const places = [
  'mapping.tags',
  'mapping.contentVariables',
  'mapping.inlineBody',
  'payload.properties',
  'settings.extra'
]

function requestBody(place: string, json: string): string {
  const [top, field] = place.split('.')
  const body: Record<string, Record<string, unknown>> = {
    payload: sampleEvent(),
    settings: { ...settings },
    mapping: sampleMapping()
  }
  body[top][field] = '@@shape@@'
  return JSON.stringify(body).replace('"@@shape@@"', json)
}

it(`any shape, anywhere: answered within ${REQUEST_BUDGET_MS} ms, and the server stays up (${RUNS} runs)`, async () => {
  // Not timed: the first send compiles the action's schema and warms the server's code paths (seconds on a loaded
  // machine), which says nothing about the cost of a shape.
  await app.call('/sendMessage', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: requestBody('mapping.tags', '{"a":"x"}')
  })
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...places), shapeJson, async (place, json) => {
      const started = performance.now()
      const answer = await app.call('/sendMessage', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: requestBody(place, json)
      })
      const ms = performance.now() - started
      expect(ms).toBeLessThan(REQUEST_BUDGET_MS)
      if (answer.status === 400) expect(answer.body.error).toMatch(new RegExp(`^${place.split('.')[0]}`))
      else {
        expect(answer.status).toBe(200)
        // The action's own answer: never an internal error such as "Maximum call stack size exceeded".
        for (const entry of answer.body as Array<{ statusCode?: number }>)
          expect(entry.statusCode ?? 200).toBeLessThan(500)
      }
      expect((await app.call('/manifest')).status).toBe(200)
    }),
    { numRuns: RUNS, seed: 20261206 }
  )
}, 120_000)
