// WhatsApp's rules in the emulator's lifecycle, on a ManualTime clock: free-form text only inside the 24-hour
// session a user's reply opens (63016 outside it), templates WhatsApp has not approved fail with 63027 outside a
// session, and the session is checked when a scheduled message leaves the queue.
import { apiPath, getJson, sendMessage } from './emulator-helpers'
import { HOUR, MINUTE, NOTIFICATIONS, TO, WA_SENDER, contentSid } from './helpers/emulator-fixtures'
import { START, STEP, admin, advance, emulator, fetchMessage, useLifecycleEmulator } from './helpers/lifecycle-emulator'

useLifecycleEmulator()

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
