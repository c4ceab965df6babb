// The emulator's message lifecycle on a ManualTime clock: every transition happens exactly when the test moves time.
// Expected behaviour: Twilio's "Outbound Message Status in Status Callbacks" guide (no callback for the initial
// status; accepted -> queued with a Messaging Service; scheduled until SendAt) and its error dictionary.
// This file: delivery, DateSent filters and request IDs, and the lifecycle's speed; WhatsApp, STOP, cancel and
// status callbacks have their own emulator-lifecycle-*.test.ts files.
import { startEmulator } from '../src/emulator/server'
import { apiPath, basicAuth, getJson, sendMessage } from './emulator-helpers'
import { HOUR, MAIN, MARKETING, MINUTE, TO, WA_SENDER } from './helpers/emulator-fixtures'
import {
  START,
  STEP,
  admin,
  advance,
  callbackStatuses,
  emulator,
  fetchMessage,
  receiver,
  statuses,
  time,
  useLifecycleEmulator
} from './helpers/lifecycle-emulator'

useLifecycleEmulator()

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
