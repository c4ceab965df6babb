// Status callbacks in the emulator's lifecycle, on a ManualTime clock: Twilio's form parameters signed with the
// auth token (judged by the official twilio package), the Messaging Service's callback, retries of a failing
// receiver, giving up, and no calls beyond loopback.
import { validateRequest } from 'twilio'
import { DEMO_CREDENTIALS } from '../src/emulator/seed'
import { getJson, sendMessage } from './emulator-helpers'
import { startCallbackReceiver } from './emulator-helpers-callbacks'
import { MAIN, NOTIFICATIONS, TO, WA_SENDER } from './helpers/emulator-fixtures'
import { STEP, admin, advance, emulator, logLines, receiver, useLifecycleEmulator } from './helpers/lifecycle-emulator'

useLifecycleEmulator()

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
