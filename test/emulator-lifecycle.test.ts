// The emulator's message lifecycle on a ManualTime clock: every transition happens exactly when the test moves time.
// Expected behaviour: Twilio's "Outbound Message Status in Status Callbacks" guide (no callback for the initial
// status; accepted -> queued with a Messaging Service; scheduled until SendAt) and its error dictionary.
import { validateRequest } from 'twilio'
import { ManualTime } from '../src/emulator/clock'
import { DEMO_CREDENTIALS, createDemoAccount } from '../src/emulator/seed'
import { RunningEmulator, startEmulator } from '../src/emulator/server'
import { apiPath, basicAuth, form, getJson, sendMessage } from './emulator-helpers'
import { CallbackReceiver, startCallbackReceiver } from './emulator-helpers-callbacks'

const START = '2025-06-01T12:00:00Z'
const STEP = 1000
const MINUTE = 60 * 1000
const HOUR = 60 * MINUTE
const account = createDemoAccount()
const [MARKETING, NOTIFICATIONS] = account.services.map((service) => service.sid)
const contentSid = (name: string) => account.contents.find((content) => content.friendlyName === name)!.sid
const MAIN = '+14155550100'
const WA_SENDER = 'whatsapp:+14155550123'
const TO = '+14155551212'

let time: ManualTime
let emulator: RunningEmulator
let receiver: CallbackReceiver
const logLines: string[] = []

beforeAll(async () => {
  receiver = await startCallbackReceiver()
})

afterAll(async () => {
  await receiver.close()
})

beforeEach(async () => {
  time = new ManualTime(START)
  logLines.length = 0
  receiver.received.length = 0
  receiver.answers.length = 0
  emulator = await startEmulator({ scheduler: time, stepMs: STEP, log: (line) => logLines.push(line) })
})

afterEach(async () => {
  await emulator.callbacksIdle()
  await emulator.close()
})

/** Moves emulated time and waits for the callbacks it caused. */
async function advance(ms: number) {
  await time.advance(ms)
  await emulator.callbacksIdle()
}

const fetchMessage = async (sid: unknown) => (await getJson(emulator, `${apiPath()}/Messages/${sid}.json`)).body
const statuses = (sid: unknown) => emulator.state.getMessage(String(sid))!.events.map((event) => event.status)
const callbackStatuses = () => receiver.received.map((callback) => callback.params.MessageStatus)

async function admin(path: string, body: unknown) {
  const response = await fetch(`${emulator.url}/__emulator${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body)
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe('delivery', () => {
  it('moves an SMS from queued to delivered one step at a time, with date_sent and price once sent', async () => {
    const created = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'Hi', StatusCallback: `${receiver.url}/s` })
    expect(created.body).toMatchObject({ status: 'queued', date_sent: null, price: null })
    const sid = created.body.sid

    await advance(STEP)
    expect((await fetchMessage(sid)).status).toBe('sending')
    await advance(STEP)
    const sent = await fetchMessage(sid)
    expect(sent).toMatchObject({
      status: 'sent',
      date_sent: 'Sun, 01 Jun 2025 12:00:02 +0000',
      price: '-0.00790',
      price_unit: 'USD'
    })
    await advance(STEP)
    expect(await fetchMessage(sid)).toMatchObject({
      status: 'delivered',
      error_code: null,
      date_updated: 'Sun, 01 Jun 2025 12:00:03 +0000'
    })
    expect(statuses(sid)).toEqual(['queued', 'sending', 'sent', 'delivered'])
    // No callback for the initial status, one for each change after it.
    expect(callbackStatuses()).toEqual(['sending', 'sent', 'delivered'])
  })

  it('has a Messaging Service pick a sender of the channel, then reports num_segments', async () => {
    const created = await sendMessage(emulator, { To: TO, MessagingServiceSid: MARKETING, Body: 'a'.repeat(161) })
    expect(created.body).toMatchObject({ status: 'accepted', from: null, num_segments: '0' })
    await advance(STEP)
    expect(await fetchMessage(created.body.sid)).toMatchObject({ status: 'queued', from: MAIN, num_segments: '2' })
    await advance(3 * STEP)
    expect(statuses(created.body.sid)).toEqual(['accepted', 'queued', 'sending', 'sent', 'delivered'])
    expect((await fetchMessage(created.body.sid)).price).toBe('-0.01580')
  })

  it('waits for SendAt, then sends; date_sent is the scheduled time', async () => {
    const sendAt = new Date(Date.parse(START) + 20 * MINUTE).toISOString().replace('.000', '')
    const created = await sendMessage(emulator, {
      To: TO,
      MessagingServiceSid: MARKETING,
      Body: 'Later',
      ScheduleType: 'fixed',
      SendAt: sendAt,
      StatusCallback: `${receiver.url}/s`
    })
    expect(created.body.status).toBe('scheduled')
    await advance(20 * MINUTE - 1)
    expect((await fetchMessage(created.body.sid)).status).toBe('scheduled')
    await advance(1 + 3 * STEP)
    expect(await fetchMessage(created.body.sid)).toMatchObject({
      status: 'delivered',
      date_sent: 'Sun, 01 Jun 2025 12:20:02 +0000'
    })
    expect(callbackStatuses()).toEqual(['queued', 'sending', 'sent', 'delivered'])
  })

  it.each([
    [30003, 'Unreachable destination handset'],
    [30005, 'Unknown destination handset'],
    [30006, 'Landline or unreachable carrier'],
    [30007, 'Message filtered'],
    [30008, 'Unknown error']
  ])('reports carrier error %i as undelivered after sent', async (code, message) => {
    const to = `+1415553000${code % 10}`
    const created = await sendMessage(emulator, { To: to, From: MAIN, Body: 'x', StatusCallback: `${receiver.url}/s` })
    await advance(3 * STEP)
    expect(await fetchMessage(created.body.sid)).toMatchObject({
      status: 'undelivered',
      error_code: code,
      error_message: message
    })
    expect(statuses(created.body.sid)).toEqual(['queued', 'sending', 'sent', 'undelivered'])
    const last = receiver.received[receiver.received.length - 1].params
    expect(last).toMatchObject({ MessageStatus: 'undelivered', ErrorCode: String(code), To: to })
  })

  it('counts one segment for WhatsApp and MMS, whatever the length', async () => {
    await admin('/inbound', { from: `whatsapp:${TO}` })
    const whatsapp = await sendMessage(emulator, { To: `whatsapp:${TO}`, From: WA_SENDER, Body: 'a'.repeat(400) })
    expect(whatsapp.body.num_segments).toBe('1')
    const mms = await sendMessage(emulator, {
      To: TO,
      From: MAIN,
      Body: 'ж'.repeat(300),
      MediaUrl: 'https://x.example/a.jpg'
    })
    expect(mms.body.num_segments).toBe('1')
    await advance(3 * STEP)
    expect(await fetchMessage(mms.body.sid)).toMatchObject({ status: 'delivered', price: '-0.02000' })
    expect(await fetchMessage(whatsapp.body.sid)).toMatchObject({ status: 'delivered', price: '-0.00500' })
  })
})

describe('WhatsApp rules', () => {
  const waTo = `whatsapp:${TO}`

  it('fails free-form text outside a 24-hour session with 63016, and delivers it inside one', async () => {
    const outside = await sendMessage(emulator, { To: waTo, From: WA_SENDER, Body: 'Hello' })
    expect(outside.status).toBe(201)
    await advance(STEP)
    expect(await fetchMessage(outside.body.sid)).toMatchObject({ status: 'failed', error_code: 63016, price: null })

    const reply = await admin('/inbound', { from: waTo, body: 'Hi there' })
    expect(reply).toMatchObject({ status: 201, body: { effect: 'message' } })
    const inside = await sendMessage(emulator, { To: waTo, From: WA_SENDER, Body: 'Hello again' })
    await advance(3 * STEP)
    expect((await fetchMessage(inside.body.sid)).status).toBe('delivered')

    await advance(24 * HOUR)
    const expired = await sendMessage(emulator, { To: waTo, From: WA_SENDER, Body: 'A day later' })
    await advance(STEP)
    expect((await fetchMessage(expired.body.sid)).error_code).toBe(63016)
  })

  it('lists the simulated reply as an inbound, received message', async () => {
    await admin('/inbound', { from: waTo, body: 'Hi' })
    const list = await getJson(emulator, `${apiPath()}/Messages.json`)
    expect((list.body.messages as Record<string, unknown>[])[0]).toMatchObject({
      direction: 'inbound',
      status: 'received',
      from: waTo,
      to: WA_SENDER,
      body: 'Hi'
    })
  })

  it('fails a template that WhatsApp has not approved with 63027 outside a session', async () => {
    const pending = await sendMessage(emulator, {
      To: waTo,
      From: WA_SENDER,
      ContentSid: contentSid('appointment_reminder')
    })
    const approved = await sendMessage(emulator, {
      To: waTo,
      From: WA_SENDER,
      ContentSid: contentSid('order_confirmation')
    })
    await advance(3 * STEP)
    expect(await fetchMessage(pending.body.sid)).toMatchObject({ status: 'failed', error_code: 63027 })
    expect((await fetchMessage(approved.body.sid)).status).toBe('delivered')

    await admin('/inbound', { from: waTo })
    const inSession = await sendMessage(emulator, {
      To: waTo,
      From: WA_SENDER,
      ContentSid: contentSid('appointment_reminder')
    })
    await advance(3 * STEP)
    expect((await fetchMessage(inSession.body.sid)).status).toBe('delivered')
  })

  it('checks the session when a scheduled WhatsApp message leaves the queue', async () => {
    const sendAt = new Date(Date.parse(START) + HOUR).toISOString().replace('.000', '')
    const created = await sendMessage(emulator, {
      To: waTo,
      MessagingServiceSid: NOTIFICATIONS,
      Body: 'See you',
      ScheduleType: 'fixed',
      SendAt: sendAt
    })
    await advance(30 * MINUTE)
    await admin('/inbound', { from: waTo, to: WA_SENDER })
    await advance(30 * MINUTE + 3 * STEP)
    expect(await fetchMessage(created.body.sid)).toMatchObject({ status: 'delivered', from: WA_SENDER })
  })
})

describe('STOP', () => {
  it('refuses later sends from that number with 21610 at once, fails them through its service, until START', async () => {
    const stop = await admin('/stop', { from: TO, to: MAIN })
    expect(stop).toMatchObject({ status: 201, body: { effect: 'opt-out' } })

    const direct = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'x' })
    expect(direct).toMatchObject({ status: 400, body: { code: 21610 } })
    const other = await sendMessage(emulator, { To: TO, From: '+14155550101', Body: 'x' })
    expect(other.status).toBe(201)

    // Marketing's pool holds +14155550100: the opt-out covers the service.
    const viaService = await sendMessage(emulator, { To: TO, MessagingServiceSid: MARKETING, Body: 'x' })
    expect(viaService.status).toBe(201)
    await advance(2 * STEP)
    expect(await fetchMessage(viaService.body.sid)).toMatchObject({ status: 'failed', error_code: 21610 })

    expect((await admin('/inbound', { from: TO, to: MAIN, body: 'start' })).body.effect).toBe('opt-in')
    expect((await sendMessage(emulator, { To: TO, From: MAIN, Body: 'x' })).status).toBe(201)
  })

  it('answers 400 naming the field for a bad simulated reply', async () => {
    expect(await admin('/inbound', { from: 'nope' })).toMatchObject({ status: 400, body: { error: /from must be/ } })
    expect(await admin('/inbound', { from: TO, to: '+19995550000' })).toMatchObject({
      status: 400,
      body: { error: /to must be/ }
    })
  })
})

describe('cancel', () => {
  const schedule = () =>
    sendMessage(emulator, {
      To: TO,
      MessagingServiceSid: MARKETING,
      Body: 'Later',
      ScheduleType: 'fixed',
      SendAt: new Date(Date.parse(START) + HOUR).toISOString().replace('.000', ''),
      StatusCallback: `${receiver.url}/s`
    })

  const update = async (sid: unknown, input: Record<string, string>) => {
    const response = await fetch(`${emulator.url}${apiPath()}/Messages/${sid}.json`, {
      method: 'POST',
      headers: { authorization: basicAuth() },
      body: form(input)
    })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }

  it('cancels a scheduled message with Status=canceled; it never leaves canceled', async () => {
    const created = await schedule()
    await advance(MINUTE)
    const canceled = await update(created.body.sid, { Status: 'canceled' })
    expect(canceled).toMatchObject({ status: 200, body: { status: 'canceled', date_sent: null } })
    await advance(2 * HOUR)
    expect(statuses(created.body.sid)).toEqual(['scheduled', 'canceled'])
    expect(callbackStatuses()).toEqual(['canceled'])
    expect(await update(created.body.sid, { Status: 'canceled' })).toMatchObject({ status: 400, body: { code: 30409 } })
  })

  it('refuses to cancel a message that is not scheduled (30409) and other statuses (20001)', async () => {
    const created = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'now' })
    expect(await update(created.body.sid, { Status: 'canceled' })).toMatchObject({ status: 400, body: { code: 30409 } })
    expect(await update(created.body.sid, { Status: 'sent' })).toMatchObject({ status: 400, body: { code: 20001 } })
    expect((await update(`SM${'0'.repeat(32)}`, { Status: 'canceled' })).status).toBe(404)
  })

  it('redacts the body of a delivered message and cancels through the admin route', async () => {
    const created = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'secret' })
    expect((await update(created.body.sid, { Body: '' })).body.code).toBe(20001)
    await advance(3 * STEP)
    expect(await update(created.body.sid, { Body: '' })).toMatchObject({ status: 200, body: { body: '' } })

    const scheduled = await schedule()
    expect(await admin(`/messages/${scheduled.body.sid}/cancel`, {})).toMatchObject({
      status: 200,
      body: { status: 'canceled' }
    })
  })
})

describe('status callbacks', () => {
  it('posts Twilio form parameters signed with the auth token, which the twilio package validates', async () => {
    const url = `${receiver.url}/status?source=test`
    const created = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'Hi', StatusCallback: url })
    await advance(3 * STEP)
    expect(receiver.received).toHaveLength(3)
    for (const callback of receiver.received) {
      expect(callback.path).toBe('/status?source=test')
      expect(callback.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/)
      const signature = String(callback.headers['x-twilio-signature'])
      expect(validateRequest(DEMO_CREDENTIALS.authToken, signature, url, callback.params)).toBe(true)
      expect(validateRequest('another-token', signature, url, callback.params)).toBe(false)
      expect(validateRequest(DEMO_CREDENTIALS.authToken, signature, url, { ...callback.params, To: '+1' })).toBe(false)
    }
    expect(receiver.received[2].params).toEqual({
      AccountSid: DEMO_CREDENTIALS.accountSid,
      ApiVersion: '2010-04-01',
      MessageSid: created.body.sid,
      SmsSid: created.body.sid,
      MessageStatus: 'delivered',
      SmsStatus: 'delivered',
      To: TO,
      From: MAIN
    })
    const outbox = await getJson(emulator, `/__emulator/messages/${created.body.sid}`, '')
    expect((outbox.body.emulator as { callbacks: unknown[] }).callbacks).toHaveLength(3)
  })

  it("uses the Messaging Service's callback when the message has none, with ChannelPrefix for WhatsApp", async () => {
    expect(
      (await admin(`/services/${NOTIFICATIONS}`, { statusCallback: `${receiver.url}/service` })).body.statusCallback
    ).toBe(`${receiver.url}/service`)
    const service = await getJson(emulator, `/v1/Services/${NOTIFICATIONS}`)
    expect(service.body.status_callback).toBe(`${receiver.url}/service`)
    const created = await sendMessage(emulator, { To: `whatsapp:${TO}`, MessagingServiceSid: NOTIFICATIONS, Body: 'x' })
    await advance(2 * STEP)
    expect(receiver.received.map((callback) => callback.path)).toEqual(['/service', '/service'])
    expect(receiver.received[1].params).toMatchObject({
      MessageSid: created.body.sid,
      MessageStatus: 'failed',
      ErrorCode: '63016',
      MessagingServiceSid: NOTIFICATIONS,
      From: WA_SENDER,
      ChannelPrefix: 'whatsapp',
      ChannelToAddress: TO
    })
  })

  it('retries a failing receiver with the same request, logs every attempt, and stops once it answers 2xx', async () => {
    receiver.answers.push(500, 503)
    // Long steps, so that only the retries of the `sending` callback happen in the next seconds.
    await admin('/lifecycle', { stepMs: 60000 })
    const created = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'x', StatusCallback: `${receiver.url}/s` })
    const sending = () => receiver.received.filter((callback) => callback.params.MessageStatus === 'sending')
    await advance(60000)
    expect(sending()).toHaveLength(1)
    await advance(999)
    expect(sending()).toHaveLength(1)
    await advance(1)
    expect(sending()).toHaveLength(2)
    await advance(5000)
    expect(sending()).toHaveLength(3)
    const [first, , third] = sending()
    expect(third.headers['x-twilio-signature']).toBe(first.headers['x-twilio-signature'])
    expect(third.headers['i-twilio-idempotency-token']).toBe(first.headers['i-twilio-idempotency-token'])
    expect(third.params.MessageStatus).toBe('sending')
    const attempts = emulator.state
      .getMessage(String(created.body.sid))!
      .callbacks.filter((a) => a.status === 'sending')
    expect(attempts.map((attempt) => [attempt.attempt, attempt.httpStatus, attempt.ok])).toEqual([
      [1, 500, false],
      [2, 503, false],
      [3, 200, true]
    ])
    expect(logLines.filter((line) => line.includes('retrying the sending callback'))).toHaveLength(2)
    expect(emulator.state.counters.callbacksFailed).toBe(2)
  })

  it('gives up after three attempts on an unreachable receiver, and does not retry a 4xx', async () => {
    const gone = await startCallbackReceiver()
    await gone.close()
    await sendMessage(emulator, { To: TO, From: MAIN, Body: 'x', StatusCallback: `${gone.url}/s` })
    await advance(STEP)
    await advance(1000)
    await advance(5000)
    expect(logLines.some((line) => line.includes('gave up on the sending callback'))).toBe(true)
    const log = (await getJson(emulator, '/__emulator/callbacks', '')).body.callbacks as Record<string, unknown>[]
    const sendingLog = log.filter((entry) => entry.status === 'sending')
    expect(sendingLog.map((entry) => entry.attempt)).toEqual([3, 2, 1])
    expect(log.every((entry) => entry.ok === false && entry.http_status === null)).toBe(true)

    receiver.answers.push(404)
    await sendMessage(emulator, { To: TO, From: MAIN, Body: 'y', StatusCallback: `${receiver.url}/s` })
    await advance(STEP)
    await advance(10000)
    expect(receiver.received.filter((callback) => callback.params.MessageStatus === 'sending')).toHaveLength(1)
  })

  it('does not call a non-loopback URL and records why', async () => {
    const created = await sendMessage(emulator, {
      To: TO,
      From: MAIN,
      Body: 'x',
      StatusCallback: 'https://hooks.example/s'
    })
    await advance(STEP)
    const attempt = emulator.state.getMessage(String(created.body.sid))!.callbacks[0]
    expect(attempt).toMatchObject({ ok: false, httpStatus: null, error: expect.stringMatching(/loopback/) })
  })
})

describe('lists and headers', () => {
  it('filters by DateSent, DateSent< and DateSent> and skips messages not sent yet', async () => {
    const first = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'day 1' })
    await advance(3 * STEP)
    await advance(24 * HOUR)
    const second = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'day 2' })
    await advance(3 * STEP)
    await sendMessage(emulator, { To: TO, From: MAIN, Body: 'not sent yet' })
    const bodies = async (query: string) =>
      ((await getJson(emulator, `${apiPath()}/Messages.json?${query}`)).body.messages as { sid: string }[]).map(
        (message) => message.sid
      )
    expect(await bodies('DateSent=2025-06-01')).toEqual([first.body.sid])
    expect(await bodies('DateSent%3C=2025-06-01')).toEqual([first.body.sid])
    expect(await bodies('DateSent%3E=2025-06-02')).toEqual([second.body.sid])
    expect(await bodies('DateSent%3E=2025-06-01&DateSent%3C=2025-06-02')).toEqual([second.body.sid, first.body.sid])
    expect(await bodies('DateSent%3E=2025-06-02T12:00:00Z')).toEqual([second.body.sid])
    const bad = await getJson(emulator, `${apiPath()}/Messages.json?DateSent=yesterday`)
    expect(bad).toMatchObject({ status: 400, body: { code: 20001 } })
  })

  it('answers a Twilio-Request-Id on every Twilio answer, errors included', async () => {
    const ok = await getJson(emulator, `${apiPath()}/Messages.json`)
    const unauthorized = await getJson(emulator, `${apiPath()}/Messages.json`, basicAuth('SKx', 'y'))
    const missing = await getJson(emulator, '/2010-04-01/Nope.json')
    const ids = [ok, unauthorized, missing].map((response) => response.headers.get('twilio-request-id'))
    for (const id of ids) expect(id).toMatch(/^RQ[0-9a-f]{32}$/)
    expect(new Set(ids).size).toBe(3)
  })
})

describe('speed', () => {
  it('changes the step through the admin route and resets pending transitions', async () => {
    expect((await admin('/lifecycle', { stepMs: 250 })).body).toEqual({ stepMs: 250, timeScale: 1 })
    expect((await admin('/lifecycle', { stepMs: -1 })).status).toBe(400)
    const created = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'x' })
    await advance(750)
    expect((await fetchMessage(created.body.sid)).status).toBe('delivered')
    await sendMessage(emulator, { To: TO, From: MAIN, Body: 'y' })
    expect(time.pending).toBe(1)
    emulator.reset()
    expect(time.pending).toBe(0)
  })

  it('lets minutes pass in milliseconds with a time scale on the real clock', async () => {
    const fast = await startEmulator({ timeScale: 60000, stepMs: STEP })
    try {
      const sendAt = new Date(Date.now() + 16 * MINUTE).toISOString().replace(/\.\d{3}Z$/, 'Z')
      const created = await sendMessage(fast, {
        To: TO,
        MessagingServiceSid: MARKETING,
        Body: 'x',
        ScheduleType: 'fixed',
        SendAt: sendAt
      })
      // 16 emulated minutes are 16 ms here; poll (not a timing assertion) until the lifecycle has run.
      let status = created.body.status
      for (let i = 0; i < 100 && status !== 'delivered'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10))
        status = fast.state.getMessage(String(created.body.sid))!.status
      }
      expect(status).toBe('delivered')
      // Dates follow emulated time: sent at SendAt plus two steps.
      expect(fast.state.getMessage(String(created.body.sid))!.dateSent!.getTime()).toBe(Date.parse(sendAt) + 2 * STEP)
    } finally {
      await fast.close()
    }
  })
})
