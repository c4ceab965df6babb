// Parity rows for the routes about the destination itself: GET /manifest, POST /authenticate and
// POST /refreshAccessToken (serve's answers from its source, packages/cli/src/lib/server.ts).
import { post, type Row, type TableContext } from './serve-table-harness'

export const authRows = (context: TableContext): Row[] => [
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
  }
]
