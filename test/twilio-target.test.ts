// src/twilio-target.ts: a copy of a destination definition whose requests to Twilio's hosts go to a stand-in (the
// emulator, a fake Twilio), the only way the dev tools and tests point the destination anywhere: here a small
// definition called with a recording request client (every kind of handler, the URLs each one gets); the Twilio
// Messaging destination itself against the emulator is in twilio-target-emulator.test.ts.
import { useLoopbackOnly } from './helpers/loopback-only'
import type { ActionDefinition, DestinationDefinition, RequestClient } from '@segment/actions-core'
import destination, { createTwilioMessaging } from '../src/destinations/twilio-messaging'
import type { Settings } from '../src/destinations/twilio-messaging/generated-types'
import { US1_TARGET, contentUrl, listAll } from '../src/destinations/twilio-messaging/twilio'
import { rewriteTwilioUrl, standInBase, targetTwilio } from '../src/twilio-target'

useLoopbackOnly()

const BASE = 'http://127.0.0.1:4010'
const ACCOUNT = 'AC' + 'a'.repeat(32)

/** URLs on Twilio's hosts, and what each becomes on BASE: path and query kept. */
const TWILIO_URLS: Array<[string, string]> = [
  [
    `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages.json`,
    `${BASE}/2010-04-01/Accounts/${ACCOUNT}/Messages.json`
  ],
  [
    `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages.json?To=%2B14155552671&PageSize=100`,
    `${BASE}/2010-04-01/Accounts/${ACCOUNT}/Messages.json?To=%2B14155552671&PageSize=100`
  ],
  ['https://messaging.twilio.com/v1/Services?PageSize=1000', `${BASE}/v1/Services?PageSize=1000`],
  ['https://messaging.twilio.com/v2/Channels/Senders?Channel=whatsapp', `${BASE}/v2/Channels/Senders?Channel=whatsapp`],
  ['https://content.twilio.com/v1/Content/HX' + '1'.repeat(32), `${BASE}/v1/Content/HX${'1'.repeat(32)}`],
  ['https://CONTENT.Twilio.com/v1/ContentAndApprovals', `${BASE}/v1/ContentAndApprovals`],
  [
    `https://api.dublin.ie1.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages.json`,
    `${BASE}/2010-04-01/Accounts/${ACCOUNT}/Messages.json`
  ],
  ['https://messaging.ashburn.us1.twilio.com/v1/Services', `${BASE}/v1/Services`],
  ['https://twilio.com', BASE],
  ['https://twilio.com/?a=1', `${BASE}/?a=1`]
]

/** URLs that are not on a Twilio host (look-alikes included): left as they are. */
const OTHER_URLS = [
  'https://example.com/2010-04-01/Accounts/AC1/Messages.json',
  'https://api.twilio.com.example.com/2010-04-01/Accounts/AC1/Messages.json',
  'https://eviltwilio.com/v1/Content',
  'https://media.example.org/https://api.twilio.com/a.png',
  'http://127.0.0.1:9/v1/Content'
]

interface Call {
  url: string
  options: unknown
}

/** A request client that records what it is asked and answers 200 with `answer(url)`. */
function recordingClient(calls: Call[], answer: (url: string) => unknown = () => ({})): RequestClient {
  return (async (url: string, options?: unknown) => {
    calls.push({ url, options })
    return { status: 200, data: answer(url), content: JSON.stringify(answer(url)) }
  }) as unknown as RequestClient
}

const GET = { method: 'GET' as const, timeout: 1234 }
const POST = { method: 'POST' as const, body: 'x' }

/** What every handler of the small definition does: one request to each URL, then it returns what it got. */
async function visitAll(request: RequestClient, input: unknown) {
  for (const [url] of TWILIO_URLS) await request(url, GET)
  for (const url of OTHER_URLS) await request(url, POST)
  return { input }
}

interface SmallSettings {
  token?: string
}
interface SmallPayload {
  text?: string
  pairs?: { [key: string]: unknown }
}

function smallDefinition(): DestinationDefinition<SmallSettings> {
  const act: ActionDefinition<SmallSettings, SmallPayload> = {
    title: 'Act',
    description: 'Makes requests',
    fields: {},
    perform: (request, input) => visitAll(request, input),
    performBatch: (request, input) => visitAll(request, input),
    dynamicFields: {
      text: async (request, input) => ({ choices: [], ...(await visitAll(request, input)) }),
      pairs: {
        __keys__: async (request, input) => ({ choices: [], ...(await visitAll(request, input)) }),
        __values__: async (request, input) => ({ choices: [], ...(await visitAll(request, input)) })
      }
    }
  }
  return {
    name: 'Target test',
    mode: 'cloud',
    authentication: {
      scheme: 'custom',
      fields: { token: { label: 'Token', description: 'A token', type: 'string' } },
      testAuthentication: (request, input) => visitAll(request, input)
    },
    actions: { act }
  }
}

type Handler = (request: RequestClient, input: unknown) => Promise<unknown> | unknown

/** Every request handler of the small definition, by name. */
function handlersOf(definition: DestinationDefinition<SmallSettings>): Record<string, Handler> {
  const action = definition.actions.act
  const dynamic = action.dynamicFields as unknown as {
    text: Handler
    pairs: { __keys__: Handler; __values__: Handler }
  }
  return {
    testAuthentication: definition.authentication!.testAuthentication as unknown as Handler,
    perform: action.perform as unknown as Handler,
    performBatch: action.performBatch as unknown as Handler,
    'dynamicFields.text': dynamic.text,
    'dynamicFields.pairs.__keys__': dynamic.pairs.__keys__,
    'dynamicFields.pairs.__values__': dynamic.pairs.__values__
  }
}

describe('rewriteTwilioUrl', () => {
  it.each(TWILIO_URLS)('%s goes to the stand-in, path and query unchanged', (url, expected) => {
    expect(rewriteTwilioUrl(url, BASE)).toBe(expected)
  })

  it.each(OTHER_URLS)('%s is left alone', (url) => {
    expect(rewriteTwilioUrl(url, BASE)).toBe(url)
  })

  it('keeps a path of the stand-in before the Twilio path', () => {
    const base = standInBase('http://127.0.0.1:4010/twilio/')
    expect(base).toBe('http://127.0.0.1:4010/twilio')
    expect(rewriteTwilioUrl('https://messaging.twilio.com/v1/Services', base)).toBe(
      'http://127.0.0.1:4010/twilio/v1/Services'
    )
  })
})

describe('the X-Twilio-Host header', () => {
  it('joins the headers a handler gave, whatever their form, without changing them', async () => {
    const calls: Call[] = []
    const definition = smallDefinition()
    const given = new Headers({ 'X-Custom': '1' })
    definition.actions.act.perform = async (request) => {
      await request('https://messaging.dublin.ie1.twilio.com/v1/Services', { method: 'GET', headers: given as never })
      await request('https://api.twilio.com/x', { method: 'GET', headers: [['x-other', '2']] as never })
      await request('https://example.com/x', { method: 'GET', headers: { 'x-custom': '3' } })
    }
    const perform = targetTwilio(definition, BASE).actions.act.perform as unknown as Handler
    await perform(recordingClient(calls), {})
    expect(calls.map((call) => (call.options as { headers: unknown }).headers)).toEqual([
      { 'x-custom': '1', 'x-twilio-host': 'messaging.dublin.ie1.twilio.com' },
      { 'x-other': '2', 'x-twilio-host': 'api.twilio.com' },
      { 'x-custom': '3' }
    ])
    expect(given.get('x-twilio-host')).toBeNull()
  })
})

describe('standInBase', () => {
  it('takes an http(s) address, with or without a path, and drops trailing slashes', () => {
    expect(standInBase('http://127.0.0.1:4010')).toBe('http://127.0.0.1:4010')
    expect(standInBase('http://127.0.0.1:4010/')).toBe('http://127.0.0.1:4010')
    expect(standInBase('https://localhost:8443/fake//')).toBe('https://localhost:8443/fake')
    expect(standInBase('http://[::1]:4010')).toBe('http://[::1]:4010')
  })

  it.each([
    ['localhost:4010', /must start with http:\/\/ or https:\/\//],
    ['127.0.0.1:4010', /is not a URL such as http:\/\/127\.0\.0\.1:4010/],
    ['ftp://127.0.0.1:4010', /must start with http:\/\/ or https:\/\//],
    ['file:///tmp/twilio', /must start with http:\/\/ or https:\/\//],
    ['not a url', /is not a URL such as http:\/\/127\.0\.0\.1:4010/],
    ['', /is not a URL/],
    ['http://127.0.0.1:4010/?debug=1', /may not hold a query, a fragment or credentials/],
    ['http://127.0.0.1:4010/#top', /may not hold a query, a fragment or credentials/],
    ['http://user:secret@127.0.0.1:4010', /may not hold a query, a fragment or credentials/],
    ['http://user@127.0.0.1:4010', /may not hold a query, a fragment or credentials/]
  ])('refuses %j', (value, message) => {
    expect(() => standInBase(value)).toThrow(TypeError)
    expect(() => standInBase(value)).toThrow(message)
  })

  it('targetTwilio refuses such an address before anything else', () => {
    expect(() => targetTwilio(destination, 'ftp://127.0.0.1:4010')).toThrow(TypeError)
    expect(() => targetTwilio(destination, 'http://user:secret@127.0.0.1:4010')).toThrow(/credentials/)
  })
})

describe('targetTwilio on a definition (recording request client)', () => {
  it.each(Object.keys(handlersOf(smallDefinition())))(
    '%s: every Twilio URL goes to the stand-in, every other URL and the options are unchanged',
    async (name) => {
      const handler = handlersOf(targetTwilio(smallDefinition(), `${BASE}/`))[name]
      const calls: Call[] = []
      const input = { settings: { token: 't' }, payload: { text: 'x' } }
      const result = (await handler(recordingClient(calls), input)) as { input: unknown }
      // The handler's own input and answer pass through untouched.
      expect(result.input).toBe(input)
      expect(calls.map((call) => call.url)).toEqual([...TWILIO_URLS.map(([, expected]) => expected), ...OTHER_URLS])
      // The request options reach the client as the handler gave them; a Twilio URL's also name the host it was
      // meant for (X-Twilio-Host), so the emulator answers as that host (api.dublin.ie1.twilio.com is IE1).
      const options = calls.map((call) => call.options)
      expect(options.slice(0, TWILIO_URLS.length)).toEqual(
        TWILIO_URLS.map(([url]) => ({ ...GET, headers: { 'x-twilio-host': new URL(url).hostname.toLowerCase() } }))
      )
      expect(options.slice(TWILIO_URLS.length).every((given) => given === POST)).toBe(true)
      expect(GET).not.toHaveProperty('headers')
    }
  )

  it('follows next-page links to the stand-in: a 2010 next_page_uri and a v1 absolute next_page_url', async () => {
    const calls: Call[] = []
    const pages: Record<string, unknown> = {
      [`${BASE}/v1/Content?PageSize=2`]: {
        contents: [{ sid: 'HX1' }, { sid: 'HX2' }],
        meta: { next_page_url: 'https://content.twilio.com/v1/Content?PageSize=2&Page=1&PageToken=PT2' }
      },
      // A stand-in that names itself in its links (as the emulator does) ends there too.
      [`${BASE}/v1/Content?PageSize=2&Page=1&PageToken=PT2`]: {
        contents: [{ sid: 'HX3' }, { sid: 'HX4' }],
        meta: { next_page_url: `${BASE}/v1/Content?PageSize=2&Page=2&PageToken=PT4` }
      },
      [`${BASE}/v1/Content?PageSize=2&Page=2&PageToken=PT4`]: { contents: [{ sid: 'HX5' }], meta: {} },
      [`${BASE}/2010-04-01/Accounts/${ACCOUNT}/IncomingPhoneNumbers.json?PageSize=1`]: {
        incoming_phone_numbers: [{ sid: 'PN1' }],
        next_page_uri: `/2010-04-01/Accounts/${ACCOUNT}/IncomingPhoneNumbers.json?PageSize=1&Page=1&PageToken=PAPN1`
      },
      [`${BASE}/2010-04-01/Accounts/${ACCOUNT}/IncomingPhoneNumbers.json?PageSize=1&Page=1&PageToken=PAPN1`]: {
        incoming_phone_numbers: [{ sid: 'PN2' }],
        next_page_uri: null
      }
    }
    const definition = smallDefinition()
    definition.actions.act.perform = async (request) => ({
      contents: await listAll(request, US1_TARGET, 'content', contentUrl(US1_TARGET), 'contents', { pageSize: 2 }),
      numbers: await listAll(
        request,
        US1_TARGET,
        'api',
        `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/IncomingPhoneNumbers.json`,
        'incoming_phone_numbers',
        { pageSize: 1 }
      )
    })
    const perform = targetTwilio(definition, BASE).actions.act.perform as unknown as Handler
    const result = await perform(
      recordingClient(calls, (url) => pages[url] ?? { missing: url }),
      {}
    )
    expect(calls.map((call) => call.url)).toEqual(Object.keys(pages))
    expect(result).toEqual({
      contents: ['HX1', 'HX2', 'HX3', 'HX4', 'HX5'].map((sid) => ({ sid })),
      numbers: [{ sid: 'PN1' }, { sid: 'PN2' }]
    })
  })

  it('never changes the original definition, whose handlers still address Twilio itself', async () => {
    const original = smallDefinition()
    const before = handlersOf(original)
    const snapshot = JSON.stringify(original)
    const targeted = targetTwilio(original, BASE)
    const after = handlersOf(original)
    for (const name of Object.keys(before)) {
      expect(after[name]).toBe(before[name])
      expect(handlersOf(targeted)[name]).not.toBe(before[name])
    }
    expect(JSON.stringify(original)).toBe(snapshot)
    expect(targeted).not.toBe(original)
    expect(targeted.actions).not.toBe(original.actions)
    expect(targeted.actions.act).not.toBe(original.actions.act)
    expect(targeted.authentication).not.toBe(original.authentication)
    // What is not a request handler is shared as it is: fields, name, scheme.
    expect(targeted.actions.act.fields).toBe(original.actions.act.fields)
    expect(targeted.authentication!.fields).toBe(original.authentication!.fields)
    expect(targeted.name).toBe(original.name)

    const calls: Call[] = []
    await before.perform(recordingClient(calls), {})
    expect(calls.map((call) => call.url)).toEqual([...TWILIO_URLS.map(([url]) => url), ...OTHER_URLS])

    // Targeting twice, at two stand-ins, gives two independent copies.
    const other = targetTwilio(original, 'http://127.0.0.1:4020')
    const otherCalls: Call[] = []
    await handlersOf(other).perform(recordingClient(otherCalls), {})
    expect(otherCalls[0].url).toBe(`http://127.0.0.1:4020/2010-04-01/Accounts/${ACCOUNT}/Messages.json`)
  })

  it('the destination itself, default or tuned, addresses Twilio; its targeted copy the stand-in', async () => {
    const settings: Settings = { accountSID: ACCOUNT, apiKeySID: 'SK' + 'b'.repeat(32), apiKeySecret: 'secret' }
    const lookupUrl = async (definition: DestinationDefinition<Settings>) => {
      const calls: Call[] = []
      const lookup = definition.actions.sendMessage.dynamicFields?.messagingServiceSid as unknown as Handler
      await lookup(
        recordingClient(calls, () => ({ services: [], meta: {} })),
        { settings, payload: {} }
      )
      return calls.map((call) => call.url)
    }
    const tuned = createTwilioMessaging({ sendTimeoutMs: 500 })
    expect(await lookupUrl(destination)).toEqual(['https://messaging.twilio.com/v1/Services?PageSize=1000'])
    expect(await lookupUrl(tuned)).toEqual(['https://messaging.twilio.com/v1/Services?PageSize=1000'])
    expect(await lookupUrl(targetTwilio(tuned, BASE))).toEqual([`${BASE}/v1/Services?PageSize=1000`])
  })

  it('leaves out what the definition does not have', () => {
    const definition = smallDefinition()
    delete definition.authentication
    delete definition.actions.act.performBatch
    delete definition.actions.act.dynamicFields
    const targeted = targetTwilio(definition, BASE)
    expect(targeted.authentication).toBeUndefined()
    expect(targeted.actions.act.performBatch).toBeUndefined()
    expect(targeted.actions.act.dynamicFields).toBeUndefined()
    expect(typeof targeted.actions.act.perform).toBe('function')
  })
})
