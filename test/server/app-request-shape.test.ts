// The audit's requests that froze or killed the dev server (issue 17): each is answered at once, with a 400 naming
// the field (or the destination's own refusal), and the server keeps answering. The time budget is generous: no
// benchmark, a guard against work that grows without bound (these took seconds, or crashed the process, before).
import { sampleEvent, sampleMapping } from '../../src/server/samples'
import { checkShape } from '../../src/server/request-shape'
import { useDevServer, settings } from './app-harness'

const app = useDevServer()
const BUDGET_MS = 1000

/** JSON text of `{"a": {"a": … "x" …}}` nested `depth` levels: JSON.stringify itself overflows on such objects. */
const nestedJson = (depth: number) => `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`

/** A send whose mapping carries `field` as raw JSON text (the rest built normally). */
function sendWithRawField(field: string, json: string, path = '/sendMessage') {
  const body = JSON.stringify({ payload: sampleEvent(), settings, mapping: { ...sampleMapping(), [field]: '@@' } })
  return app.call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body.replace('"@@"', json)
  })
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now()
  const result = await work()
  return { result, ms: performance.now() - started }
}

async function expectStillUp() {
  const manifest = await app.call('/manifest')
  expect(manifest.status).toBe(200)
}

describe('POST /sendMessage with costly shapes', () => {
  it('mapping.tags nested 10,000 levels deep (a crash or a 500 before): 400 naming mapping.tags', async () => {
    const { result, ms } = await timed(() => sendWithRawField('tags', nestedJson(10000)))
    expect(result.status).toBe(400)
    expect(result.body.error).toMatch(
      /^mapping\.tags\.a\.a\.a.* is nested more than 32 levels deep: .*Flatten mapping\./
    )
    expect(ms).toBeLessThan(BUDGET_MS)
    await expectStillUp()
  })

  it('a mapping with 20,000 content variables: 400 naming the field before any work', async () => {
    const variables = Object.fromEntries(Array.from({ length: 20000 }, (_, i) => [`v${i}`, 'x']))
    const { result, ms } = await timed(() =>
      app.call('/sendMessage', {
        json: { payload: sampleEvent(), settings, mapping: { ...sampleMapping(), contentVariables: variables } }
      })
    )
    expect(result.status).toBe(400)
    expect(result.body.error).toMatch(
      /^mapping has more than 2,000 keys and items in all \(mapping\.contentVariables alone/
    )
    expect(ms).toBeLessThan(BUDGET_MS)
    await expectStillUp()
  })

  it("an inline body of '{{' and 3,000 spaces (froze the server before): the destination's refusal", async () => {
    const { result, ms } = await timed(() =>
      app.call('/sendMessage', {
        json: { payload: sampleEvent(), settings, mapping: { ...sampleMapping(), inlineBody: `{{${' '.repeat(3000)}` } }
      })
    )
    expect(result.status).toBe(200)
    expect(result.body).toEqual([
      expect.objectContaining({
        statusCode: 400,
        message: expect.stringMatching(/^Inline Template \(inlineBody\) is 3,002/)
      })
    ])
    expect(ms).toBeLessThan(BUDGET_MS)
    await expectStillUp()
  })

  it('a payload nested 10,000 levels deep: 400 naming payload', async () => {
    const body = JSON.stringify({ payload: { ...sampleEvent(), properties: '@@' }, settings, mapping: sampleMapping() })
    const result = await app.call('/sendMessage', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body.replace('"@@"', nestedJson(10000))
    })
    expect(result.status).toBe(400)
    expect(result.body.error).toMatch(/^payload\.properties\.a.* is nested more than 64 levels deep/)
    await expectStillUp()
  })

  it('a dynamic-field lookup with a deep payload, and /authenticate with deep settings: 400 each', async () => {
    const lookup = await app.call('/sendMessage/fromPhoneNumber', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ settings, payload: { channel: 'SMS', tags: '@@' } }).replace('"@@"', nestedJson(5000))
    })
    expect(lookup.status).toBe(400)
    expect(lookup.body.error).toMatch(/^payload\.tags\.a.* is nested more than 64 levels deep/)
    const authenticate = await app.call('/authenticate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...settings, extra: '@@' }).replace('"@@"', nestedJson(5000))
    })
    expect(authenticate.status).toBe(400)
    expect(authenticate.body.error).toMatch(/^settings\.extra\.a.* is nested more than 32 levels deep/)
    await expectStillUp()
  })
})

describe('checkShape', () => {
  it('lets ordinary mappings and events through', () => {
    expect(() => checkShape(sampleMapping(), 'mapping')).not.toThrow()
    expect(() => checkShape(sampleEvent(), 'payload')).not.toThrow()
    const withDirectives = { contentVariables: { 1: { '@if': { exists: { '@path': '$.a' }, then: 'x', else: 'y' } } } }
    expect(() => checkShape(withDirectives, 'mapping')).not.toThrow()
  })

  it('counts array items as keys and stops at the first bound crossed', () => {
    expect(() => checkShape({ list: Array.from({ length: 2001 }, () => 1) }, 'mapping')).toThrow(
      /^mapping has more than 2,000 keys and items in all \(mapping\.list alone has 2,001\)/
    )
    expect(() => checkShape(JSON.parse(nestedJson(33)), 'mapping')).toThrow(/is nested more than 32 levels deep/)
    expect(() => checkShape(JSON.parse(nestedJson(32)), 'mapping')).not.toThrow()
  })
})
