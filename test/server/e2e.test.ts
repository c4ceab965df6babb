/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read untyped JSON answers */
// End to end over real HTTP on ephemeral loopback ports: dev server -> destination -> the real Twilio emulator.
import { execFile } from 'node:child_process'
import { createTestIntegration, type DestinationDefinition } from '@segment/actions-core'
import { DEMO_CREDENTIALS } from '../../src/emulator'
import { US1_TARGET, incomingPhoneNumbersUrl, listAll } from '../../src/destinations/twilio-messaging/twilio'
import destination from '../../src/destinations/twilio-messaging'
import { start, type Started } from '../../src/server/start'
import { startDevServer } from '../../src/server/app'
import { sampleEvent, sampleMapping, settingsFor } from '../../src/server/samples'
import { targetTwilio } from '../../src/twilio-target'
import { twilioMessagingVariables } from '../helpers/no-env'

/** The TWILIO_MESSAGING_* variables before anything ran: nothing may set or change one. */
const variablesBefore = twilioMessagingVariables()

const demoSettings = settingsFor(DEMO_CREDENTIALS)
const basicToken = Buffer.from(`${DEMO_CREDENTIALS.apiKeySid}:${DEMO_CREDENTIALS.apiKeySecret}`).toString('base64')

const logs: string[] = []
const bodies: string[] = []
let started: Started

async function post(path: string, json: unknown, base = started.devServer.url) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(json)
  })
  const text = await response.text()
  bodies.push(text)
  return { status: response.status, body: JSON.parse(text) as any }
}

const send = (event = sampleEvent(), mapping = sampleMapping(), settings: object = demoSettings) =>
  post('/sendMessage', { payload: event, settings, mapping })

const withPhone = (phone: string) => {
  const event = sampleEvent()
  ;(event.context as any).traits.phone = phone
  return event
}

function sh(command: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('sh', ['-c', command], { timeout: 15000 }, (error, stdout) => (error ? reject(error) : resolve(stdout)))
  )
}

const hasCurl = () =>
  sh('command -v curl').then(
    () => true,
    () => false
  )

beforeAll(async () => {
  started = await start({ port: 0, live: false }, (line) => logs.push(line))
})

afterAll(async () => {
  await started.stop()
  expect(twilioMessagingVariables()).toEqual(variablesBefore)
  const everything = [...bodies, ...logs].join('\n')
  expect(everything).not.toContain(DEMO_CREDENTIALS.apiKeySecret)
  expect(everything).not.toContain(basicToken)
  expect(everything).not.toContain('Basic ')
})

beforeEach(() => {
  started.target.emulator!.reset()
  started.target.emulator!.setFaults({ latencyMs: 0, rate429: 0, rate5xx: 0, rateDrop: 0 })
})

describe('npm start (in process)', () => {
  it('starts the emulator and points the destination at it before any request', async () => {
    expect(started.target.mode).toBe('emulator')
    expect(started.devServer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(started.target.emulator!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    // Through the destination it made (target.definition), not through the environment; the default export stays
    // on Twilio's own hosts.
    expect(twilioMessagingVariables()).toEqual(variablesBefore)
    expect(started.target.definition).not.toBe(destination)
    const emulator = started.target.emulator!
    const before = emulator.state.counters.requests
    // testAuthentication throws unless Twilio (here: the emulator) accepted the demo credentials.
    await createTestIntegration(started.target.definition).testAuthentication(demoSettings)
    expect(emulator.state.counters.requests).toBe(before + 1)
  })

  it('prints both URLs, the demo settings and a curl', () => {
    const { banner } = started
    expect(banner).toContain(started.devServer.url)
    expect(banner).toContain(started.target.emulator!.url)
    expect(banner).toContain(`"accountSID": "${DEMO_CREDENTIALS.accountSid}"`)
    expect(banner).toMatch(/^curl .*\/sendMessage/m)
  })

  it('the printed curl works: the message reaches the emulator with the right fields', async () => {
    const curl = started.banner.split('\n').find((line) => line.startsWith('curl '))!
    let answer: any
    if (await hasCurl()) {
      const out = await sh(curl)
      bodies.push(out)
      answer = JSON.parse(out)
    } else {
      // No curl on this machine: replay the printed command's body with fetch.
      const data = /--data '(.*)'$/.exec(curl)![1].replace(/'\\''/g, "'")
      answer = (await post('/sendMessage', JSON.parse(data))).body
    }
    expect(answer).toHaveLength(1)
    expect(answer[0].response.statusCode).toBe(201)
    const messages = started.target.emulator!.state.messages
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatchObject({
      to: '+14155552671',
      from: '+14155550100',
      body: 'Hi Ada, your order A-1001 has shipped!',
      channel: 'sms',
      status: 'queued'
    })
    expect(answer[0].response.body.sid).toBe(messages[0].sid)
  })
})

describe('every route against the emulator', () => {
  it('GET /manifest', async () => {
    const response = await fetch(`${started.devServer.url}/manifest`)
    expect(response.status).toBe(200)
    expect(((await response.json()) as any).slug).toBe('actions-twilio-messaging')
  })

  it('POST /authenticate: demo credentials pass, a wrong secret or another account fails', async () => {
    expect((await post('/authenticate', demoSettings)).body).toEqual({ ok: true })
    const wrong = await post('/authenticate', { ...demoSettings, apiKeySecret: 'wrong-secret-value' })
    expect(wrong.status).toBe(200)
    expect(wrong.body.ok).toBe(false)
    expect(wrong.body.error).toMatch(/Credentials are invalid.*20003/)
    const otherAccount = await post('/authenticate', { ...demoSettings, accountSID: 'AC' + '0'.repeat(32) })
    expect(otherAccount.body.ok).toBe(false)
  })

  it('POST /sendMessage: the Messages list shows the message', async () => {
    const { body } = await send()
    expect(body[0].request.headers.authorization).toBe('<redacted>')
    const list = await fetch(
      `${started.target.emulator!.url}/2010-04-01/Accounts/${DEMO_CREDENTIALS.accountSid}/Messages.json`,
      { headers: { authorization: `Basic ${basicToken}` } }
    )
    const page = (await list.json()) as any
    expect(page.messages).toHaveLength(1)
    expect(page.messages[0]).toMatchObject({ to: '+14155552671', from: '+14155550100', sid: body[0].response.body.sid })
  })

  it('POST /sendMessage with an array payload sends each event', async () => {
    const { body } = await post('/sendMessage', {
      payload: [sampleEvent(), withPhone('+14155552672')],
      settings: demoSettings,
      mapping: sampleMapping()
    })
    expect(body.map((item: any) => item.response.statusCode)).toEqual([201, 201])
    expect(started.target.emulator!.state.messages.map((message) => message.to)).toEqual([
      '+14155552671',
      '+14155552672'
    ])
  })

  it('concurrent requests each get only their own exchanges', async () => {
    const phones = ['+14155552601', '+14155552602', '+14155552603', '+14155552604', '+14155552605']
    const answers = await Promise.all(phones.map((phone) => send(withPhone(phone))))
    answers.forEach(({ body }, index) => {
      expect(body).toHaveLength(1)
      expect(body[0].response.body.to).toBe(phones[index])
    })
    expect(started.target.emulator!.state.messages).toHaveLength(phones.length)
  })

  it('POST /sendMessage/<field>: a field without dynamic choices is a clear 404 (handlers come with the lookups)', async () => {
    const { status, body } = await post('/sendMessage/channel', { settings: demoSettings })
    if (status === 200) expect(Array.isArray(body.choices)).toBe(true)
    else {
      expect(status).toBe(404)
      expect(body.error).toMatch(/channel/)
    }
  })
})

describe('emulator validation codes come back as final errors', () => {
  it.each([
    ['To', '+15005550001', 21211],
    ['To', '+15005550002', 21612],
    ['To', '+15005550003', 21408],
    ['To', '+15005550004', 21610],
    ['To', '+15005550009', 21614],
    ['From', '+15005550001', 21212],
    ['From', '+15005550007', 21606]
  ])('%s %s -> %i', async (which, number, code) => {
    const { status, body } =
      which === 'To'
        ? await send(withPhone(number))
        : await send(sampleEvent(), { ...sampleMapping(), fromPhoneNumber: number })
    expect(status).toBe(200)
    expect(body).toHaveLength(1)
    expect(body[0]).toMatchObject({ statusCode: 400, code: `TWILIO_${code}`, requestError: true })
    expect(body[0].exchanges[0].response.body.code).toBe(code)
    expect(started.target.emulator!.state.messages).toHaveLength(0)
  })

  it('a From number that is not in the account is refused', async () => {
    const { body } = await send(sampleEvent(), { ...sampleMapping(), fromPhoneNumber: '+14155559999' })
    expect(body[0].requestError).toBe(true)
    expect(body[0].code).toMatch(/^TWILIO_/)
  })

  it('21611 (queue full) is retryable', async () => {
    const { body } = await send(sampleEvent(), { ...sampleMapping(), fromPhoneNumber: '+15005550008' })
    expect(body[0]).toMatchObject({ statusCode: 429, code: 'TWILIO_21611', requestError: true })
  })
})

describe('auth', () => {
  it('a wrong secret on send is a 401 authentication error, redacted', async () => {
    const wrong = { ...demoSettings, apiKeySecret: 'not-the-demo-secret' }
    const { body } = await send(sampleEvent(), sampleMapping(), wrong)
    expect(body[0]).toMatchObject({ statusCode: 401, requestError: true })
    expect(body[0].message).toMatch(/20003/)
    expect(JSON.stringify(body)).not.toContain('not-the-demo-secret')
    expect(JSON.stringify(body)).not.toContain(
      Buffer.from(`${wrong.apiKeySID}:${wrong.apiKeySecret}`).toString('base64')
    )
    expect(started.target.emulator!.state.counters.unauthorized).toBe(1)
  })

  it('an API key SID that is not the account key is refused by the emulator (401)', async () => {
    const { body } = await send(sampleEvent(), sampleMapping(), { ...demoSettings, apiKeySID: 'SK' + '1'.repeat(32) })
    expect(body[0]).toMatchObject({ statusCode: 401, requestError: true })
  })
})

describe('fault injection knobs', () => {
  it('rate429 = 1: every send is a retryable 429', async () => {
    started.target.emulator!.setFaults({ rate429: 1 })
    const { body } = await send()
    expect(body[0]).toMatchObject({ statusCode: 429, code: 'TWILIO_20429', requestError: true })
    expect(started.target.emulator!.state.counters.faults429).toBe(1)
  })

  it('rate5xx = 1: a retryable 5xx', async () => {
    started.target.emulator!.setFaults({ rate5xx: 1 })
    const { body } = await send()
    expect([500, 503]).toContain(body[0].statusCode)
    expect(body[0].requestError).toBe(true)
  })

  it('rateDrop = 1: a dropped connection is an error entry, and the server keeps serving', async () => {
    started.target.emulator!.setFaults({ rateDrop: 1 })
    const { status, body } = await send()
    expect(status).toBe(200)
    expect(body[0].requestError).toBe(true)
    started.target.emulator!.setFaults({ rateDrop: 0 })
    expect((await send()).body[0].response.statusCode).toBe(201)
  })

  it('latencyMs delays the answer', async () => {
    started.target.emulator!.setFaults({ latencyMs: 300 })
    const before = Date.now()
    const { body } = await send()
    expect(Date.now() - before).toBeGreaterThanOrEqual(290)
    expect(body[0].response.statusCode).toBe(201)
  })
})

describe('pagination through the dev server (a dynamic field that lists every number)', () => {
  it('follows next_page_uri across pages of the emulator', async () => {
    const { startEmulator } = await import('../../src/emulator')
    const emulator = await startEmulator({ port: 0, seed: { extraPhoneNumbers: 120 } })
    const definition = {
      ...destination,
      actions: {
        sendMessage: {
          ...destination.actions.sendMessage,
          dynamicFields: {
            fromPhoneNumber: async (request: any, { settings }: any) => {
              const numbers = await listAll<{ phone_number: string }>(
                request,
                US1_TARGET,
                'api',
                incomingPhoneNumbersUrl(US1_TARGET, settings.accountSID),
                'incoming_phone_numbers',
                { pageSize: 25 }
              )
              return { choices: numbers.map((number) => ({ label: number.phone_number, value: number.phone_number })) }
            }
          }
        }
      }
    } as unknown as DestinationDefinition<any>
    const server = await startDevServer({
      destination: targetTwilio(definition, emulator.url),
      port: 0,
      log: (line) => logs.push(line)
    })
    try {
      const { status, body } = await post('/sendMessage/fromPhoneNumber', { settings: demoSettings }, server.url)
      expect(status).toBe(200)
      const total = emulator.account.phoneNumbers.length
      expect(total).toBeGreaterThan(120)
      expect(body.choices).toHaveLength(total)
      expect(new Set(body.choices.map((choice: any) => choice.value)).size).toBe(total)
      expect(emulator.state.counters.requests).toBe(Math.ceil(total / 25))
    } finally {
      await server.close()
      await emulator.close()
    }
  })
})
