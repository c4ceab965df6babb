// The emulator's responses conform to the response schemas of Twilio's OpenAPI spec (from node_modules, see
// helpers/twilio-oai.ts; validators in helpers/twilio-oai-schemas.ts). This file: where the spec comes from, the
// 2010 lists and the Account, the v1 and v2 resources, and errors; Messages are in emulator-schema-messages.test.ts.
import path from 'node:path'
import { DEMO_CREDENTIALS } from '../src/emulator/seed'
import { RunningEmulator, startEmulator } from '../src/emulator/server'
import { apiPath, basicAuth, getJson, sendMessage } from './emulator-helpers'
import { MAIN, MARKETING, account } from './helpers/emulator-fixtures'
import { TWILIO_OAI_DIR } from './helpers/twilio-oai'
import { Json, ajv, componentValidator, expectValid, responseValidator } from './helpers/twilio-oai-schemas'

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
