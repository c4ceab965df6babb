// The emulator's responses conform to the response schemas of Twilio's OpenAPI spec (from node_modules, see
// helpers/twilio-oai.ts).
import path from 'node:path'
import Ajv, { ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { DEMO_CREDENTIALS, createDemoAccount } from '../src/emulator/seed'
import { RunningEmulator, startEmulator } from '../src/emulator/server'
import { ManualTime } from '../src/emulator/clock'
import { apiPath, basicAuth, getJson, sendMessage } from './emulator-helpers'
import { TWILIO_OAI_DIR, readTwilioSpec } from './helpers/twilio-oai'

const SPECS = {
  api: 'twilio_api_v2010.json',
  messaging: 'twilio_messaging_v1.json',
  messagingV2: 'twilio_messaging_v2.json',
  content: 'twilio_content_v1.json'
} as const

type Json = Record<string, unknown>

/** OpenAPI 3.0 `nullable: true` → JSON Schema (a `null` type, or `anyOf` with null next to a `$ref`). */
function translateNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(translateNullable)
  if (!node || typeof node !== 'object') return node
  const out: Json = {}
  for (const [key, value] of Object.entries(node as Json)) out[key] = translateNullable(value)
  if (out.nullable === true) {
    delete out.nullable
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null']
      if (Array.isArray(out.enum)) out.enum = [...out.enum, null]
    } else if (typeof out.$ref === 'string') {
      const ref = out.$ref
      delete out.$ref
      out.anyOf = [{ $ref: ref }, { type: 'null' }]
    }
  }
  return out
}

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1')

const RFC_2822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/

function createAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats(ajv)
  // The spec marks relative paths such as `first_page_uri` and empty URLs (`sms_url: ""`) with `format: uri`,
  // and its own examples are paths: read it as a URI reference.
  ajv.addFormat('uri', (value: string) => value === '' || value.startsWith('/') || /^https?:\/\/[^\s]+$/.test(value))
  ajv.addFormat('date-time-rfc-2822', RFC_2822)
  ajv.addFormat('phone-number', (value: string) =>
    /^(\+[1-9]\d{6,14}|\d{5,6}|[A-Za-z0-9 +\-_&]{1,11}|[a-z]+:.+)$/.test(value)
  )
  ajv.addFormat('currency', /^[A-Z]{3}$/)
  ajv.addFormat('http-method', /^(GET|POST)$/)
  for (const name of ['uri-map', 'phone-number-capabilities', 'int64']) ajv.addFormat(name, true)
  for (const [id, file] of Object.entries(SPECS)) {
    const spec = readTwilioSpec(file)
    ajv.addSchema(translateNullable({ paths: spec.paths, components: spec.components }) as Json, id)
  }
  return ajv
}

const ajv = createAjv()

function responseValidator(spec: keyof typeof SPECS, route: string, method: string, status: string): ValidateFunction {
  const pointer = ['paths', route, method, 'responses', status, 'content', 'application/json', 'schema']
    .map(escapePointer)
    .join('/')
  const validate = ajv.getSchema(`${spec}#/${pointer}`)
  if (!validate) throw new Error(`No schema at ${spec}#/${pointer}`)
  return validate
}

function componentValidator(spec: keyof typeof SPECS, name: string): ValidateFunction {
  const validate = ajv.getSchema(`${spec}#/components/schemas/${escapePointer(name)}`)
  if (!validate) throw new Error(`No component ${name} in ${spec}`)
  return validate
}

function expectValid(validate: ValidateFunction, value: unknown, label: string) {
  const valid = validate(value)
  const errors = valid
    ? []
    : (validate.errors ?? []).map((e) => `${label}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)
  if (errors.length) console.error(errors.join('\n'))
  expect(errors).toEqual([])
}

const account = createDemoAccount()
const [MARKETING] = account.services.map((service) => service.sid)
const MAIN = '+14155550100'
const TO = '+14155551212'
let emulator: RunningEmulator

beforeAll(async () => {
  emulator = await startEmulator()
})

afterAll(async () => {
  await emulator.close()
})

describe('the spec files', () => {
  it("are read from the pinned npm package in the project's node_modules", () => {
    const project = path.resolve(__dirname, '..')
    expect(TWILIO_OAI_DIR).toBe(
      path.join(project, 'node_modules', '@twilio-alpha', 'mcp', 'twilio-oai', 'spec', 'json')
    )
  })
})

describe('Messages', () => {
  const messages = '/2010-04-01/Accounts/{AccountSid}/Messages.json'
  const create = () => responseValidator('api', messages, 'post', '201')
  const sendAt = new Date(Date.now() + 2 * 24 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')

  it.each([
    ['with From', { To: TO, From: MAIN, Body: 'Hello' }],
    ['with media', { To: TO, From: MAIN, MediaUrl: 'https://x.example/a.jpg' }],
    ['through a Messaging Service', { To: TO, MessagingServiceSid: MARKETING, Body: 'Hi' }],
    ['scheduled', { To: TO, MessagingServiceSid: MARKETING, Body: 'Hi', ScheduleType: 'fixed', SendAt: sendAt }],
    ['WhatsApp', { To: `whatsapp:${TO}`, From: 'whatsapp:+14155550123', Body: 'Hi' }],
    ['a content template', { To: TO, From: MAIN, ContentSid: account.contents[0].sid, ContentVariables: '{"1":"Ada"}' }]
  ])('create %s conforms and has every property of the schema', async (_name, input) => {
    const response = await sendMessage(emulator, input)
    expect(response.status).toBe(201)
    expectValid(create(), response.body, 'create')
    const schema = (ajv.getSchema('api#/components/schemas/api.v2010.account.message')!.schema as Json)
      .properties as Json
    expect(Object.keys(response.body).sort()).toEqual(expect.arrayContaining(Object.keys(schema).sort()))
  })

  it('the validator is not vacuous: it catches wrong types, enums, patterns and dates', async () => {
    const sent = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'Hello' })
    const validate = create()
    for (const broken of [
      { ...sent.body, num_segments: 1 },
      { ...sent.body, status: 'bogus' },
      { ...sent.body, sid: 'XX123' },
      { ...sent.body, date_created: '2025-06-01T12:00:00Z' }
    ]) {
      expect(validate(broken)).toBe(false)
    }
    expect(validate({ ...sent.body, price: null })).toBe(true)
  })

  it('list and fetch conform', async () => {
    const sent = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'Listed' })
    const list = await getJson(emulator, `${apiPath()}/Messages.json?PageSize=1`)
    expectValid(responseValidator('api', messages, 'get', '200'), list.body, 'list')
    const fetched = await getJson(emulator, `${apiPath()}/Messages/${sent.body.sid}.json`)
    expectValid(
      responseValidator('api', '/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json', 'get', '200'),
      fetched.body,
      'fetch'
    )
  })
})

describe('Messages after acceptance', () => {
  it('delivered, undelivered, failed, canceled and inbound messages conform (fetch, list and update)', async () => {
    const time = new ManualTime(new Date())
    const later = await startEmulator({ scheduler: time })
    try {
      const send = (input: Record<string, string>) => sendMessage(later, input).then((response) => response.body.sid)
      const sids = [
        await send({ To: TO, From: MAIN, Body: 'Hello' }),
        await send({ To: '+14155530003', From: MAIN, Body: 'Carrier failure' }),
        await send({ To: `whatsapp:${TO}`, MessagingServiceSid: account.services[1].sid, Body: 'Outside the session' })
      ]
      const scheduled = await send({
        To: TO,
        MessagingServiceSid: MARKETING,
        Body: 'Later',
        ScheduleType: 'fixed',
        SendAt: new Date(time.now().getTime() + 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
      })
      const update = await fetch(`${later.url}${apiPath()}/Messages/${scheduled}.json`, {
        method: 'POST',
        headers: { authorization: basicAuth() },
        body: new URLSearchParams({ Status: 'canceled' })
      })
      const message = '/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json'
      expectValid(responseValidator('api', message, 'post', '200'), await update.json(), 'canceled')
      await time.advance(5000)
      await fetch(`${later.url}/__emulator/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: `whatsapp:${TO}` })
      })
      for (const sid of sids) {
        const fetched = await getJson(later, `${apiPath()}/Messages/${sid}.json`)
        expectValid(responseValidator('api', message, 'get', '200'), fetched.body, String(fetched.body.status))
      }
      const list = await getJson(later, `${apiPath()}/Messages.json`)
      expect((list.body.messages as { status: string }[]).map((m) => m.status).sort()).toEqual(
        ['canceled', 'delivered', 'failed', 'received', 'undelivered'].sort()
      )
      expectValid(
        responseValidator('api', '/2010-04-01/Accounts/{AccountSid}/Messages.json', 'get', '200'),
        list.body,
        'list'
      )
    } finally {
      await later.close()
    }
  })
})

describe('2010 lists and the Account', () => {
  it('IncomingPhoneNumbers conforms on every page', async () => {
    const validate = responseValidator(
      'api',
      '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json',
      'get',
      '200'
    )
    let next: string | null = `${apiPath()}/IncomingPhoneNumbers.json?PageSize=4`
    while (next) {
      const page = await getJson(emulator, next)
      expectValid(validate, page.body, 'incoming_phone_numbers')
      next = page.body.next_page_uri as string | null
    }
  })

  it('ShortCodes conforms', async () => {
    const page = await getJson(emulator, `${apiPath()}/SMS/ShortCodes.json`)
    expectValid(
      responseValidator('api', '/2010-04-01/Accounts/{AccountSid}/SMS/ShortCodes.json', 'get', '200'),
      page.body,
      'short_codes'
    )
  })

  it('the Account (auth token caller) conforms', async () => {
    const response = await getJson(
      emulator,
      `${apiPath()}.json`,
      basicAuth(DEMO_CREDENTIALS.accountSid, DEMO_CREDENTIALS.authToken)
    )
    expect(response.status).toBe(200)
    expectValid(responseValidator('api', '/2010-04-01/Accounts/{Sid}.json', 'get', '200'), response.body, 'account')
  })
})

describe('v1 lists and resources', () => {
  it('Services list and fetch conform', async () => {
    const list = await getJson(emulator, '/v1/Services?PageSize=1')
    expectValid(responseValidator('messaging', '/v1/Services', 'get', '200'), list.body, 'services')
    const fetched = await getJson(emulator, `/v1/Services/${MARKETING}`)
    expectValid(responseValidator('messaging', '/v1/Services/{Sid}', 'get', '200'), fetched.body, 'service')
  })

  it('Content list, fetch and approval fetch conform', async () => {
    const list = await getJson(emulator, '/v1/Content?PageSize=1000')
    expectValid(responseValidator('content', '/v1/Content', 'get', '200'), list.body, 'contents')
    for (const content of account.contents) {
      const fetched = await getJson(emulator, `/v1/Content/${content.sid}`)
      expectValid(responseValidator('content', '/v1/Content/{Sid}', 'get', '200'), fetched.body, content.friendlyName)
      const approval = await getJson(emulator, `/v1/Content/${content.sid}/ApprovalRequests`)
      expectValid(
        responseValidator('content', '/v1/Content/{Sid}/ApprovalRequests', 'get', '200'),
        approval.body,
        `${content.friendlyName} approval`
      )
    }
  })

  it('ContentAndApprovals conforms', async () => {
    const list = await getJson(emulator, '/v1/ContentAndApprovals?PageSize=3')
    expectValid(
      responseValidator('content', '/v1/ContentAndApprovals', 'get', '200'),
      list.body,
      'content_and_approvals'
    )
  })

  it("every seeded template's types conform to the spec's `types` component (no unknown keys)", () => {
    const validate = componentValidator('content', 'types')
    for (const content of account.contents) expectValid(validate, content.types, content.friendlyName)
  })
})

describe('v2 Senders', () => {
  it('the WhatsApp senders list conforms, and each sender has every property of the schema', async () => {
    const list = await getJson(emulator, '/v2/Channels/Senders?Channel=whatsapp&PageSize=1')
    expect(list.status).toBe(200)
    expectValid(responseValidator('messagingV2', '/v2/Channels/Senders', 'get', '200'), list.body, 'senders')
    const senders = list.body.senders as Json[]
    expect(senders.map((sender) => sender.sender_id)).toEqual(account.whatsappSenders.map((e164) => `whatsapp:${e164}`))
    const schema = (ajv.getSchema('messagingV2#/components/schemas/messaging.v2.channels_sender')!.schema as Json)
      .properties as Json
    expect(Object.keys(senders[0]).sort()).toEqual(Object.keys(schema).sort())
    // The page links keep the Channel filter, as the spec's example does.
    expect((list.body.meta as Json).url).toMatch(/[?&]Channel=whatsapp(&|$)/)
  })
})

describe('errors', () => {
  // The spec excerpts define no error schema; this is the shape Twilio documents for every error.
  const errorSchema = {
    type: 'object',
    required: ['code', 'message', 'more_info', 'status'],
    additionalProperties: false,
    properties: {
      code: { type: 'integer' },
      message: { type: 'string', minLength: 1 },
      more_info: { type: 'string', pattern: '^https://www\\.twilio\\.com/docs/errors/\\d+$' },
      status: { type: 'integer', minimum: 400, maximum: 599 }
    }
  }
  const validate = ajv.compile(errorSchema)

  it('validation, auth, not-found and pagination errors share Twilio error JSON', async () => {
    const bodies = [
      (await sendMessage(emulator, { From: MAIN, Body: 'x' })).body,
      (await getJson(emulator, `${apiPath()}/Messages.json`, basicAuth('SKx', 'y'))).body,
      (await getJson(emulator, '/v1/Content/HX00000000000000000000000000000000')).body,
      (await getJson(emulator, '/v1/Content?PageSize=0')).body
    ]
    bodies.forEach((body, index) => expectValid(validate, body, `error ${index}`))
  })
})
