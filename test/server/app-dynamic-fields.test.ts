// Dynamic fields, features and performBatch through the dev server, with a small test destination whose handlers
// page, answer a failure or throw on request (the Twilio destination's handlers never throw).
/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read untyped JSON answers */
import type { DestinationDefinition } from '@segment/actions-core'
import { startDevServer, type RunningDevServer } from '../../src/server/app'
import { useRedactionCheck } from './app-harness'
import { FAKE } from './fake-twilio'

const { logs, bodies } = useRedactionCheck()

describe('dynamic fields and performBatch (a test destination that has them)', () => {
  let custom: RunningDevServer
  const seen: any[] = []
  const definition: DestinationDefinition<any> = {
    name: 'Custom Test',
    mode: 'cloud',
    authentication: {
      scheme: 'custom',
      fields: { apiKeySecret: { label: 'Secret', description: 'Secret', type: 'password', required: true } }
    },
    actions: {
      greet: {
        title: 'Greet',
        description: 'Greets',
        fields: {
          name: { label: 'Name', description: 'Name', type: 'string', required: true, dynamic: true },
          vars: { label: 'Vars', description: 'Vars', type: 'object', dynamic: true },
          plain: { label: 'Plain', description: 'Plain', type: 'string' }
        },
        dynamicFields: {
          name: async (_request: unknown, { page, settings }: any) => {
            seen.push({ page, secret: settings.apiKeySecret })
            if (page === 'boom') throw new Error(`failed with ${settings.apiKeySecret}`)
            if (page === 'handled') return { choices: [], error: { code: 'NOPE', message: 'handled failure' } }
            return page === 'p2'
              ? { choices: [{ label: 'Two', value: '2' }] }
              : { choices: [{ label: 'One', value: '1' }], nextPage: 'p2' }
          },
          vars: {
            __keys__: async () => ({ choices: [{ label: 'first', value: 'first' }] }),
            __values__: async (_request: unknown, { dynamicFieldContext }: any) => ({
              choices: [{ label: `value of ${dynamicFieldContext?.selectedKey}`, value: 'v' }]
            })
          }
        } as any,
        perform: async (_request: unknown, { features, payload }: any) => {
          seen.push({ features, name: payload.name })
          return 'ok'
        },
        performBatch: async (_request, { payload }) => {
          seen.push({ batch: payload.map((item: any) => item.name) })
          return 'batched'
        }
      }
    }
  }

  beforeAll(async () => {
    custom = await startDevServer({ destination: definition, port: 0, log: (line) => logs.push(line) })
  })
  afterAll(() => custom.close())

  const post = async (path: string, json: unknown) => {
    const response = await fetch(`${custom.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(json)
    })
    const text = await response.text()
    bodies.push(text)
    return { status: response.status, body: JSON.parse(text) }
  }
  const secretSettings = { apiKeySecret: FAKE.apiKeySecret }

  it('POST /<action>/<field> returns the choices and pages with page (the number 1 first, as serve sends)', async () => {
    const first = await post('/greet/name', { settings: secretSettings, payload: {} })
    expect(first).toEqual({ status: 200, body: { choices: [{ label: 'One', value: '1' }], nextPage: 'p2' } })
    expect(seen.at(-1)).toEqual({ page: 1, secret: FAKE.apiKeySecret })
    const second = await post('/greet/name', { settings: secretSettings, page: 'p2' })
    expect(second.body.choices[0].value).toBe('2')
    expect(seen.at(-1)).toEqual({ page: 'p2', secret: FAKE.apiKeySecret })
  })

  it('dotted object lookups: __keys__ and a selected key', async () => {
    expect((await post('/greet/vars.__keys__', { settings: secretSettings })).body.choices[0].value).toBe('first')
    expect((await post('/greet/vars.first', { settings: secretSettings })).body.choices[0].label).toBe('value of first')
  })

  it('a handler that throws: 500 [{code, message}] as serve answers, the secret redacted, the stack only in the log', async () => {
    const { status, body } = await post('/greet/name', { settings: secretSettings, page: 'boom' })
    expect(status).toBe(500)
    expect(body).toEqual([{ code: '500', message: 'failed with <redacted>' }])
    expect(logs.some((line) => line.includes('stack: Error: failed with <redacted>'))).toBe(true)
  })

  it("a handler's own failure answer ({choices: [], error}) is passed on with 200", async () => {
    const { status, body } = await post('/greet/name', { settings: secretSettings, page: 'handled' })
    expect(status).toBe(200)
    expect(body).toEqual({ choices: [], error: { code: 'NOPE', message: 'handled failure' } })
  })

  it('a field without a handler: 404', async () => {
    const { status, body } = await post('/greet/plain', { settings: secretSettings })
    expect(status).toBe(404)
    expect(body.error).toMatch(/no dynamic choices/)
  })

  it('passes features through to perform', async () => {
    const { status, body } = await post('/greet', {
      settings: secretSettings,
      mapping: { name: 'x' },
      payload: { type: 'track' },
      features: { 'my-flag': true }
    })
    expect(status).toBe(200)
    expect(body).toEqual([
      { noRequest: true, message: 'No request was made: the action finished without an HTTP request.', result: 'ok' }
    ])
    expect(seen.at(-1)).toEqual({ features: { 'my-flag': true }, name: 'x' })
  })

  it('an array payload runs performBatch when the action has one', async () => {
    const { status, body } = await post('/greet', {
      settings: secretSettings,
      mapping: { name: { '@path': '$.properties.name' } },
      payload: [
        { type: 'track', properties: { name: 'a' } },
        { type: 'track', properties: {} },
        { type: 'track', properties: { name: 'c' } }
      ]
    })
    expect(status).toBe(200)
    expect(seen.at(-1)).toEqual({ batch: ['a', 'c'] })
    expect(body).toEqual([expect.objectContaining({ requestError: true, eventIndex: 1, statusCode: 400 })])
  })
})
