// Parity rows for POST /<action>: one event, a batch, Twilio's refusal, mapping errors and missing parts
// (serve's answers from its source, packages/cli/src/lib/server.ts).
/* eslint-disable @typescript-eslint/no-explicit-any -- the rows read untyped JSON answers */
import { sampleEvent, sampleMapping } from '../../src/server/samples'
import { expectErrorEntry, expectExchanges, post, type Row, type TableContext } from './serve-table-harness'

export const actionRows = (context: TableContext): Row[] => [
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
      event.context.traits.phone = '+15005550001' // the emulator answers 21211 (src/emulator/magic-numbers.ts)
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
    name: 'POST /sendMessage, mapping keys that are not fields: refused in words, before sending',
    request: () =>
      post('/sendMessage', {
        payload: sampleEvent(),
        settings: context.settings,
        mapping: { ...sampleMapping(), toPhone: '+14155552671' }
      }),
    serve: { status: 200, check: ({ body }) => expectExchanges(body, [201]) },
    ours: {
      status: 400,
      documentedAs: 'POST /<action>, unknown mapping keys',
      check: ({ body }) => expect(body.error).toMatch(/^Not fields of this action: toPhone\. Rename or remove it; /)
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
  }
]
