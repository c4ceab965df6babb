// Parity rows for requests that go nowhere or cannot be read: an unknown action or route, a body that is not JSON,
// and bodies over serve's 100 kB and our 1 MB limits (serve's answers from its source, packages/cli/src/lib/server.ts).
import { sampleEvent, sampleMapping } from '../../src/server/samples'
import { expectExchanges, post, type Row, type TableContext } from './serve-table-harness'

export const badRequestRows = (context: TableContext): Row[] => [
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
    name: 'POST /delete without payload and settings: the body is read first',
    request: () => post('/delete', {}),
    serve: { status: 404 },
    ours: {
      status: 400,
      documentedAs: 'Unknown action, no payload or settings',
      check: ({ body }) => expect(body.error).toMatch(/settings is required/)
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
  }
]
