// Parity rows for POST /<action>/<field>: dynamic choices, a handler's failure answer, a handler that throws (on
// the probe destination), dotted object lookups and fields without a handler (serve's answers from its source,
// packages/cli/src/lib/server.ts).
/* eslint-disable @typescript-eslint/no-explicit-any -- the rows read untyped JSON answers */
import type { DestinationDefinition } from '@segment/actions-core'
import { post, type Row, type TableContext } from './serve-table-harness'

export const dynamicFieldRows = (context: TableContext): Row[] => [
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
  }
]

/** The `probe` server's destination: its one dynamic field throws. */
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
