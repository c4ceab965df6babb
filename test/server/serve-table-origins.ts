// Parity rows for who may call: CORS preflights from serve's allowed origins and from others, a DNS-rebound Host,
// and a send from a foreign page or from the hosted tester (serve's answers from its source,
// packages/cli/src/lib/server.ts).
import { sampleEvent, sampleMapping } from '../../src/server/samples'
import { expectExchanges, post, preflight, type Row, type TableContext } from './serve-table-harness'

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

export const originRows = (context: TableContext): Row[] => [
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
