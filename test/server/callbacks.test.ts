/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read untyped JSON answers */
// The dev server's status-callback receiver (/callbacks) and the tester routes that drive the emulator's lifecycle,
// over real HTTP: dev server -> destination -> emulator (on a ManualTime clock) -> /callbacks.
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks'
import destination from '../../src/destinations/twilio-messaging'
import { DEMO_CREDENTIALS, startEmulator, type RunningEmulator } from '../../src/emulator'
import { ManualTime } from '../../src/emulator/clock'
import { emulatedDestination } from '../../src/server/config'
import { startDevServer, type RunningDevServer } from '../../src/server/app'
import { isLoopbackAddress } from '../../src/server/callbacks'
import { sampleEvent, sampleMapping, settingsFor } from '../../src/server/samples'

const settings = settingsFor(DEMO_CREDENTIALS)
const logs: string[] = []
let time: ManualTime
let emulator: RunningEmulator
let server: RunningDevServer

async function request(method: string, path: string, json?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: json === undefined ? {} : { 'content-type': 'application/json' },
    body: json === undefined ? undefined : JSON.stringify(json)
  })
  const text = await response.text()
  return { status: response.status, body: text ? (JSON.parse(text) as any) : undefined }
}

const sendEvent = (mapping: Record<string, unknown>, phone = '+14155551212') => {
  const payload = sampleEvent()
  ;(payload.context as any).traits.phone = phone
  return request('POST', '/sendMessage', { payload, settings, mapping })
}

async function advance(ms: number) {
  await time.advance(ms)
  await emulator.callbacksIdle()
}

beforeAll(async () => {
  time = new ManualTime(new Date())
  emulator = await startEmulator({ scheduler: time, stepMs: 1000 })
  server = await startDevServer({
    destination: emulatedDestination(emulator.url),
    port: 0,
    log: (line) => logs.push(line),
    tester: { emulatorUrl: emulator.url, demoSettings: settings }
  })
})

afterAll(async () => {
  await server.close()
  await emulator.close()
})

beforeEach(async () => {
  emulator.reset()
  logs.length = 0
  await request('DELETE', '/callbacks')
})

describe('/callbacks', () => {
  it("receives the emulator's signed callbacks for the sample mapping, logs and lists them", async () => {
    const config = await request('GET', '/tester/config')
    expect(config.body.sampleMapping.statusCallback).toBe(`${server.url}/callbacks`)
    const sent = await sendEvent(config.body.sampleMapping)
    const sid = sent.body[0].response.body.sid
    await advance(3000)
    const { body } = await request('GET', `/callbacks?MessageSid=${sid}`)
    expect(body.callbacks.map((receipt: any) => receipt.params.MessageStatus)).toEqual(['delivered', 'sent', 'sending'])
    for (const receipt of body.callbacks) {
      expect(receipt).toMatchObject({ url: `${server.url}/callbacks`, signatureValid: true })
    }
    expect(logs.filter((line) => line.includes(`status callback ${sid}`))).toHaveLength(3)
  })

  it('accepts a callback signed with the demo auth token, refuses a wrong or missing signature, and other bodies', async () => {
    const params = { MessageSid: `SM${'1'.repeat(32)}`, MessageStatus: 'failed', ErrorCode: '30003' }
    const url = `${server.url}/callbacks`
    const good = getExpectedTwilioSignature(DEMO_CREDENTIALS.authToken, url, params)
    const statuses: number[] = []
    for (const signature of [good, 'bm90LXRoZS1zaWduYXR1cmU=', undefined]) {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(signature ? { 'x-twilio-signature': signature } : {})
        },
        body: new URLSearchParams(params)
      })
      statuses.push(response.status)
    }
    expect(statuses).toEqual([204, 403, 403])
    const { body } = await request('GET', '/callbacks')
    expect(body.callbacks.map((receipt: any) => receipt.signatureValid)).toEqual([true])
    expect(logs.some((line) => line.includes('failed error 30003 (signature ok)'))).toBe(true)
    expect(
      logs.some((line) => /refused status callback .* failed error 30003: X-Twilio-Signature does not match/.test(line))
    ).toBe(true)
    expect(logs.some((line) => /refused status callback .* failed error 30003: unsigned/.test(line))).toBe(true)
    expect((await request('POST', '/callbacks', { MessageSid: 'x' })).status).toBe(415)
  })

  it('recognises loopback callers only', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) {
      expect(isLoopbackAddress(address)).toBe(true)
    }
    for (const address of ['10.0.0.1', '::ffff:192.168.1.2', '2001:db8::1', undefined]) {
      expect(isLoopbackAddress(address)).toBe(false)
    }
  })
})

describe('tester lifecycle routes', () => {
  const whatsapp = {
    channel: 'WhatsApp',
    senderType: 'Phone number',
    contentTemplateType: 'Inline',
    toPhoneNumber: { '@path': '$.context.traits.phone' },
    fromPhoneNumber: '+14155550123',
    inlineBody: 'Your order shipped'
  }

  const outboxMessage = async (sid: string) =>
    (await request('GET', '/tester/outbox')).body.messages.find((message: any) => message.sid === sid)

  it('shows a late failure with its timeline and fix, and a simulated reply opens the session', async () => {
    const outside = await sendEvent(whatsapp)
    const sid = outside.body[0].response.body.sid
    await advance(1000)
    const failed = await outboxMessage(sid)
    expect(failed).toMatchObject({ status: 'failed', error_code: 63016, fix: expect.stringMatching(/24 hours/) })
    expect(failed.emulator.events.map((event: any) => event.status)).toEqual(['queued', 'failed'])

    const reply = await request('POST', '/tester/simulate/inbound', { from: 'whatsapp:+14155551212', body: 'Hi' })
    expect(reply).toMatchObject({ status: 201, body: { effect: 'message' } })
    const inside = await sendEvent(whatsapp)
    await advance(3000)
    expect(await outboxMessage(inside.body[0].response.body.sid)).toMatchObject({ status: 'delivered' })
  })

  it('simulates STOP: the next send is refused with 21610', async () => {
    const stop = await request('POST', '/tester/simulate/stop', { from: '+14155551212', to: '+14155550100' })
    expect(stop).toMatchObject({ status: 201, body: { effect: 'opt-out' } })
    const refused = await sendEvent(sampleMapping())
    expect(refused.body[0]).toMatchObject({ code: 'TWILIO_21610' })
    expect(refused.body[0].message).toMatch(/STOP/)
  })

  it('cancels a scheduled message, and refuses what cannot be canceled with the emulator error', async () => {
    const sendAt = new Date(time.now().getTime() + 60 * 60 * 1000).toISOString()
    const mapping = {
      ...sampleMapping(),
      senderType: 'Messaging Service',
      messagingServiceSid: emulator.account.services[0].sid,
      fromPhoneNumber: undefined,
      sendAt
    }
    const scheduled = await sendEvent(mapping)
    const sid = scheduled.body[0].response.body.sid
    expect(scheduled.body[0].response.body.status).toBe('scheduled')
    const canceled = await request('POST', `/tester/outbox/${sid}/cancel`)
    expect(canceled).toMatchObject({ status: 200, body: { status: 'canceled' } })
    const again = await request('POST', `/tester/outbox/${sid}/cancel`)
    expect(again).toMatchObject({ status: 400, body: { code: 30409, error: 'This message cannot be canceled' } })
    expect((await request('POST', '/tester/outbox/nope/cancel')).status).toBe(400)
    expect((await request('POST', '/tester/simulate/reboot', {})).status).toBe(404)
    expect((await request('POST', '/tester/simulate/inbound', { from: 'x' })).body.error).toMatch(/from must be/)
  })

  it('has none of these routes in live mode', async () => {
    const live = await startDevServer({ destination, port: 0, log: () => undefined })
    try {
      const response = await fetch(`${live.url}/tester/simulate/stop`, { method: 'POST' })
      expect(response.status).toBe(404)
      expect(((await response.json()) as any).error).toMatch(/live mode/)
    } finally {
      await live.close()
    }
  })
})
