// The parity table of test/server/serve-parity.test.ts: requests with the answer Segment's `actions-cli serve`
// gives (read from its source, packages/cli/src/lib/server.ts), and ours where it differs on purpose.
/* eslint-disable @typescript-eslint/no-explicit-any -- the rows read untyped JSON answers */
import type { DestinationDefinition } from '@segment/actions-core'
import type { settingsFor } from '../../src/server/samples'
import { sampleEvent, sampleMapping } from '../../src/server/samples'
import type { RawRequest, RawResponse } from './raw-http'

export interface TableContext {
  settings: ReturnType<typeof settingsFor>
  /** The dev server's port. */
  port: number
}

/** What an answer must be: its status, and checks on its body and headers. */
export interface Expectation {
  status: number
  check?: (response: RawResponse) => void
}

export interface Row {
  name: string
  /** `probe`: a small destination whose dynamic field throws (the Twilio destination's handlers never throw). */
  server?: 'twilio' | 'probe'
  request: () => RawRequest
  /** serve's answer, from its source. */
  serve: Expectation
  /** Set only where ours differs on purpose: our answer, and the docs table row (its first cell) that says why. */
  ours?: Expectation & { documentedAs: string }
}

const post = (pathName: string, json: unknown, headers: Record<string, string> = {}): RawRequest => ({
  method: 'POST',
  path: pathName,
  json,
  headers
})
const preflight = (origin: string): RawRequest => ({
  method: 'OPTIONS',
  path: '/sendMessage',
  headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' }
})

/** serve's success answer for POST /<action>: the exchanges, authorization shown as `<redacted>`. */
function expectExchanges(body: any, statusCodes: number[]) {
  expect(Array.isArray(body)).toBe(true)
  expect(body.map((item: any) => item.response?.statusCode)).toEqual(statusCodes)
  for (const item of body) {
    expect(Object.keys(item.request).sort()).toEqual(['body', 'headers', 'method', 'url'])
    expect(Object.keys(item.response).sort()).toEqual(['body', 'headers', 'statusCode', 'statusMessage'])
    expect(item.request.headers.authorization).toBe('<redacted>')
  }
}

/** serve's error answer for POST /<action>: 200 `[{statusCode, message, stack, fields?, requestError: true}]`. */
function expectErrorEntry(body: any, statusCode: number, message: RegExp) {
  expect(body).toHaveLength(1)
  expect(body[0]).toMatchObject({ statusCode, requestError: true })
  expect(body[0].message).toMatch(message)
}

const allowedOriginRows = (): Row[] =>
  [
    'https://app.segment.com',
    'https://eu1.app.segment.com',
    'https://app.segment.build',
    'https://eu1.app.segment.build',
    'http://localhost:8000'
  ].map((origin) => ({
    name: `preflight from ${origin}: allowed`,
    request: () => preflight(origin),
    serve: {
      status: 204,
      check: (response) => {
        expect(response.headers['access-control-allow-origin']).toBe(origin)
        expect(String(response.headers['access-control-allow-methods'])).toMatch(/POST/)
      }
    }
  }))

const refusedOriginRows = (): Row[] =>
  ['https://evil.example', 'http://localhost:5173', 'http://127.0.0.1:3001', 'null'].map((origin) => ({
    name: `preflight from ${origin}: no CORS header`,
    request: () => preflight(origin),
    serve: { status: 204, check: (response) => expect(response.headers['access-control-allow-origin']).toBeUndefined() }
  }))

/** The table; `context` is filled once the servers listen (requests are built when a row runs). */
export const serveTable = (context: TableContext): Row[] => [
  {
    name: 'GET /manifest: the definition plus directoryName',
    request: () => ({ path: '/manifest' }),
    serve: {
      status: 200,
      check: ({ body }) => {
        expect(body).toMatchObject({ name: 'Twilio Messaging', directoryName: 'twilio-messaging' })
        expect(Object.keys(body.actions)).toEqual(['sendMessage'])
      }
    }
  },
  {
    name: 'POST /authenticate, good settings',
    request: () => post('/authenticate', context.settings),
    serve: { status: 200, check: ({ body }) => expect(body).toEqual({ ok: true }) }
  },
  {
    name: 'POST /authenticate, wrong secret: 200 {ok: false, error, fields}',
    request: () => post('/authenticate', { ...context.settings, apiKeySecret: 'wrong-secret-value' }),
    serve: {
      status: 200,
      check: ({ body, text }) => {
        expect(body).toEqual({ ok: false, error: expect.stringMatching(/^Credentials are invalid/), fields: {} })
        expect(text).not.toContain('wrong-secret-value')
      }
    }
  },
  {
    name: 'POST /authenticate, secret missing: the message for apiKeySecret is shown, not redacted',
    request: () =>
      post('/authenticate', { accountSID: context.settings.accountSID, apiKeySID: context.settings.apiKeySID }),
    serve: {
      status: 200,
      check: ({ body }) => {
        expect(body.ok).toBe(false)
        expect(body.fields.apiKeySecret).toMatch(/apiKeySecret/)
        expect(body.fields.apiKeySecret).not.toBe('<redacted>')
      }
    }
  },
  {
    name: 'POST /refreshAccessToken: 400, the scheme is not oauth2',
    request: () => post('/refreshAccessToken', {}),
    serve: {
      status: 400,
      check: ({ body }) =>
        expect(body).toEqual({ ok: false, error: 'refreshAccessToken is only valid with oauth2 authentication scheme' })
    }
  },
  {
    name: 'POST /sendMessage, full mapping: the exchange',
    request: () =>
      post('/sendMessage', { payload: sampleEvent(), settings: context.settings, mapping: sampleMapping() }),
    serve: { status: 200, check: ({ body }) => expectExchanges(body, [201]) }
  },
  {
    name: 'POST /sendMessage, partial mapping: merged over the field defaults',
    request: () =>
      post('/sendMessage', {
        payload: sampleEvent(),
        settings: context.settings,
        mapping: { fromPhoneNumber: '+14155550100', inlineBody: 'Hello from a partial mapping' }
      }),
    serve: {
      status: 200,
      check: ({ body }) => {
        expectExchanges(body, [201])
        expect(body[0].request.body).toContain('Body=Hello+from+a+partial+mapping')
        expect(body[0].request.body).toContain('To=%2B14155552671') // from the default toPhoneNumber mapping
      }
    }
  },
  {
    name: 'POST /sendMessage, no mapping: the defaults alone (no From): an error entry',
    request: () => post('/sendMessage', { payload: sampleEvent(), settings: context.settings }),
    serve: { status: 200, check: ({ body }) => expectErrorEntry(body, 400, /From Phone Number|fromPhoneNumber/) }
  },
  {
    name: 'POST /sendMessage, array payload: the batch path, one exchange per event',
    request: () =>
      post('/sendMessage', {
        payload: ['parity-batch-1', 'parity-batch-2'].map((messageId) => ({ ...sampleEvent(), messageId })),
        settings: context.settings,
        mapping: sampleMapping()
      }),
    serve: { status: 200, check: ({ body }) => expectExchanges(body, [201, 201]) }
  },
  {
    name: 'POST /sendMessage, Twilio refuses the number: 200 error entry with its status',
    request: () => {
      const event: any = sampleEvent()
      event.context.traits.phone = '+15005550001' // the emulator answers 21211 (src/emulator/validate.ts)
      return post('/sendMessage', { payload: event, settings: context.settings, mapping: sampleMapping() })
    },
    serve: { status: 200, check: ({ body }) => expectErrorEntry(body, 400, /21211/) },
    ours: {
      status: 200,
      documentedAs: 'POST /<action>, any error',
      check: ({ body }) => {
        expectErrorEntry(body, 400, /21211/)
        expect(body[0].stack).toBeUndefined()
        expect(body[0].exchanges[0].response.statusCode).toBe(400)
      }
    }
  },
  {
    name: 'POST /sendMessage, schema error (channel null)',
    request: () =>
      post('/sendMessage', {
        payload: sampleEvent(),
        settings: context.settings,
        mapping: { ...sampleMapping(), channel: null }
      }),
    serve: { status: 200, check: ({ body }) => expectErrorEntry(body, 500, /channel/) },
    ours: {
      status: 200,
      documentedAs: 'POST /<action>, schema error',
      check: ({ body }) => {
        expectErrorEntry(body, 400, /channel/)
        expect(Object.keys(body[0].fields)).toContain('channel')
      }
    }
  },
  {
    name: 'POST /sendMessage, invalid directive',
    request: () =>
      post('/sendMessage', {
        payload: sampleEvent(),
        settings: context.settings,
        mapping: { ...sampleMapping(), toPhoneNumber: { '@nope': '$.x' } }
      }),
    serve: { status: 200, check: ({ body }) => expectErrorEntry(body, 500, /invalid directive: @nope/) },
    ours: {
      status: 200,
      documentedAs: 'POST /<action>, invalid directive',
      check: ({ body }) => {
        expectErrorEntry(body, 400, /^Invalid mapping: \/toPhoneNumber has an invalid directive: @nope\.$/)
        expect(body[0].fields).toEqual({ toPhoneNumber: 'has an invalid directive: @nope.' })
      }
    }
  },
  {
    name: 'POST /sendMessage without payload',
    request: () => post('/sendMessage', { settings: context.settings, mapping: sampleMapping() }),
    serve: { status: 200, check: ({ body }) => expect(body[0].requestError).toBe(true) },
    ours: {
      status: 400,
      documentedAs: 'POST /<action>, no payload or settings',
      check: ({ body }) => expect(body.error).toMatch(/payload is required/)
    }
  },
  {
    name: 'POST /sendMessage without settings',
    request: () => post('/sendMessage', { payload: sampleEvent(), mapping: sampleMapping() }),
    serve: { status: 200, check: ({ body }) => expect(body[0].requestError).toBe(true) },
    ours: {
      status: 400,
      documentedAs: 'POST /<action>, no payload or settings',
      check: ({ body }) => expect(body.error).toMatch(/settings is required/)
    }
  },
  {
    name: 'POST /sendMessage/fromPhoneNumber, numeric page: the choices',
    request: () =>
      post('/sendMessage/fromPhoneNumber', {
        settings: context.settings,
        payload: { channel: 'SMS', senderType: 'Phone number' },
        page: 1
      }),
    serve: {
      status: 200,
      check: ({ body }) =>
        expect(body.choices).toEqual(expect.arrayContaining([expect.objectContaining({ value: '+14155550100' })]))
    }
  },
  {
    name: 'POST /sendMessage/fromPhoneNumber, no page: the choices',
    request: () =>
      post('/sendMessage/fromPhoneNumber', {
        settings: context.settings,
        payload: { channel: 'SMS', senderType: 'Phone number' }
      }),
    serve: { status: 200, check: ({ body }) => expect(body.choices.length).toBeGreaterThan(0) }
  },
  {
    name: "POST /sendMessage/fromPhoneNumber, the handler's own failure answer (no channel yet)",
    request: () => post('/sendMessage/fromPhoneNumber', { settings: context.settings, payload: {} }),
    serve: {
      status: 500,
      check: ({ body }) => expect(body).toEqual([{ code: 'CHANNEL_REQUIRED', message: expect.any(String) }])
    },
    ours: {
      status: 200,
      documentedAs: 'POST /<action>/<field>, handled failure',
      check: ({ body }) =>
        expect(body).toEqual({
          choices: [],
          error: { code: 'CHANNEL_REQUIRED', message: expect.stringMatching(/Channel/) }
        })
    }
  },
  {
    name: 'POST /greet/name, a handler that throws: 500 [{code, message}]',
    server: 'probe',
    request: () => post('/greet/name', { settings: { token: 'x' } }),
    serve: { status: 500, check: ({ body }) => expect(body).toEqual([{ code: 'BROKEN', message: 'the lookup broke' }]) }
  },
  {
    name: 'POST /sendMessage/contentVariables.__keys__: a dotted object lookup',
    request: () => post('/sendMessage/contentVariables.__keys__', { settings: context.settings, payload: {} }),
    serve: { status: 404 },
    ours: {
      status: 200,
      documentedAs: 'POST /<action>/<field.key>',
      check: ({ body }) => expect(Array.isArray(body.choices)).toBe(true)
    }
  },
  {
    name: 'POST /sendMessage/contentVariables.constructor: no such handler',
    request: () => post('/sendMessage/contentVariables.constructor', { settings: context.settings }),
    serve: { status: 404 },
    ours: {
      status: 404,
      documentedAs: 'Unknown route, action or field',
      check: ({ body }) => expect(body.error).toMatch(/no dynamic handler for 'contentVariables.constructor'/)
    }
  },
  {
    name: 'POST /sendMessage/inlineBody: a field without dynamic choices',
    request: () => post('/sendMessage/inlineBody', { settings: context.settings }),
    serve: { status: 404 },
    ours: {
      status: 404,
      documentedAs: 'Unknown route, action or field',
      check: ({ body }) => expect(body.error).toMatch(/no dynamic choices/)
    }
  },
  {
    name: 'POST /sendEmail: unknown action',
    request: () => post('/sendEmail', { payload: sampleEvent(), settings: context.settings }),
    serve: { status: 404 },
    ours: {
      status: 404,
      documentedAs: 'Unknown route, action or field',
      check: ({ body }) => expect(body.error).toMatch(/Unknown action 'sendEmail'. This destination has: sendMessage/)
    }
  },
  {
    name: 'GET /nothing/here: unknown route',
    request: () => ({ path: '/nothing/here' }),
    serve: { status: 404 },
    ours: {
      status: 404,
      documentedAs: 'Unknown route, action or field',
      check: ({ body }) => expect(body.error).toMatch(/No route GET \/nothing\/here/)
    }
  },
  {
    name: 'POST /sendMessage, body that is not JSON',
    request: () => ({
      method: 'POST',
      path: '/sendMessage',
      headers: { 'content-type': 'application/json' },
      body: '{"payload": '
    }),
    serve: { status: 400 },
    ours: {
      status: 400,
      documentedAs: 'Bad JSON, body over 1 MB',
      check: ({ body }) => expect(body.error).toMatch(/^Request body is not valid JSON/)
    }
  },
  {
    name: 'POST /sendMessage, 150 KB body (over serve’s 100 kB)',
    request: () =>
      post('/sendMessage', {
        payload: { ...sampleEvent(), padding: 'x'.repeat(150_000) },
        settings: context.settings,
        mapping: sampleMapping()
      }),
    serve: { status: 413 },
    ours: {
      status: 200,
      documentedAs: 'Body of 100 kB to 1 MB',
      check: ({ body }) => expectExchanges(body, [201])
    }
  },
  {
    name: 'POST /sendMessage, 2 MB body: too large',
    request: () =>
      post('/sendMessage', {
        payload: { ...sampleEvent(), padding: 'x'.repeat(2_000_000) },
        settings: context.settings
      }),
    serve: { status: 413 },
    ours: {
      status: 413,
      documentedAs: 'Bad JSON, body over 1 MB',
      check: ({ body }) => expect(body.error).toMatch(/too large/)
    }
  },
  ...allowedOriginRows(),
  ...refusedOriginRows(),
  {
    name: 'GET /manifest with a DNS-rebound Host',
    request: () => ({ path: '/manifest', headers: { host: `rebound.example:${context.port}` } }),
    serve: { status: 200 },
    ours: {
      status: 403,
      documentedAs: 'Host not a loopback name with the port',
      check: ({ body }) => expect(body.error).toMatch(/Host 'rebound.example:\d+' is not served/)
    }
  },
  {
    name: 'POST /sendMessage from a foreign page (Origin https://evil.example)',
    request: () =>
      post(
        '/sendMessage',
        { payload: sampleEvent(), settings: context.settings, mapping: sampleMapping() },
        { origin: 'https://evil.example' }
      ),
    serve: { status: 200 },
    ours: {
      status: 403,
      documentedAs: 'State-changing request from a foreign page',
      check: ({ body }) =>
        expect(body.error).toMatch(/^Cross-site request refused: POST \/sendMessage from origin https:\/\/evil.example/)
    }
  },
  {
    name: 'POST /sendMessage from the hosted tester (Origin https://app.segment.com): served',
    request: () =>
      post(
        '/sendMessage',
        {
          payload: { ...sampleEvent(), messageId: 'parity-hosted' },
          settings: context.settings,
          mapping: sampleMapping()
        },
        { origin: 'https://app.segment.com', 'sec-fetch-site': 'cross-site' }
      ),
    serve: {
      status: 200,
      check: ({ body, headers }) => {
        expectExchanges(body, [201])
        expect(headers['access-control-allow-origin']).toBe('https://app.segment.com')
      }
    }
  }
]

export const probeDefinition: DestinationDefinition<any> = {
  name: 'Probe',
  mode: 'cloud',
  authentication: { scheme: 'custom', fields: { token: { label: 'Token', description: 'Token', type: 'string' } } },
  actions: {
    greet: {
      title: 'Greet',
      description: 'Greets',
      fields: { name: { label: 'Name', description: 'Name', type: 'string', dynamic: true } },
      dynamicFields: {
        name: async () => {
          throw Object.assign(new Error('the lookup broke'), { code: 'BROKEN' })
        }
      } as any,
      perform: () => undefined
    }
  }
}
