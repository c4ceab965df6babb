// Twilio's official Node SDK (`twilio`, pinned in devDependencies) drives the emulator: a client nobody here wrote
// judges whether the emulator answers like Twilio. Its requests are sent unchanged; only the origin
// https://api.twilio.com is swapped for the emulator's loopback URL (helpers/twilio-sdk.ts).
import twilio, { validateRequest } from 'twilio'
import { EmulatorRequestClient, caught } from './helpers/twilio-sdk'
import { ManualTime } from '../src/emulator/clock'
import { DEMO_CREDENTIALS, createDemoAccount } from '../src/emulator/seed'
import { RunningEmulator, startEmulator } from '../src/emulator/server'
import { CallbackReceiver, startCallbackReceiver } from './emulator-helpers-callbacks'

const START = '2025-06-01T12:00:00Z'
const MINUTE = 60 * 1000
const MARKETING = createDemoAccount().services[0].sid
const MAIN = '+14155550100'
const TO = '+14155551212'

let time: ManualTime
let emulator: RunningEmulator
let receiver: CallbackReceiver
let client: ReturnType<typeof twilio>

beforeAll(async () => {
  receiver = await startCallbackReceiver()
})

afterAll(async () => {
  await receiver.close()
})

beforeEach(async () => {
  time = new ManualTime(START)
  receiver.received.length = 0
  emulator = await startEmulator({ scheduler: time, stepMs: 1000 })
  client = twilio(DEMO_CREDENTIALS.apiKeySid, DEMO_CREDENTIALS.apiKeySecret, {
    accountSid: DEMO_CREDENTIALS.accountSid,
    httpClient: new EmulatorRequestClient(emulator.url)
  })
})

afterEach(async () => {
  await emulator.callbacksIdle()
  await emulator.close()
})

describe('the twilio SDK against the emulator', () => {
  it('creates and fetches a message, which the SDK reads with its own types', async () => {
    const created = await client.messages.create({ to: TO, from: MAIN, body: 'Hello from the SDK' })
    expect(created.sid).toMatch(/^SM[0-9a-f]{32}$/)
    expect(created).toMatchObject({
      status: 'queued',
      numSegments: '1',
      direction: 'outbound-api',
      accountSid: DEMO_CREDENTIALS.accountSid,
      dateSent: null
    })
    expect(created.dateCreated).toEqual(new Date(START))

    await time.advance(3000)
    const fetched = await client.messages(created.sid).fetch()
    expect(fetched).toMatchObject({ sid: created.sid, status: 'delivered', price: '-0.00790', errorCode: null })
    expect(fetched.dateSent).toEqual(new Date(Date.parse(START) + 2000))
  })

  it('lists with paging: list() follows next_page_uri, page() and nextPage() walk it by hand', async () => {
    const sids: string[] = []
    for (let i = 0; i < 7; i++) sids.push((await client.messages.create({ to: TO, from: MAIN, body: `m${i}` })).sid)
    await client.messages.create({ to: '+14155551313', from: MAIN, body: 'other' })

    const all = await client.messages.list({ to: TO, pageSize: 3 })
    expect(all.map((message) => message.sid)).toEqual([...sids].reverse())

    const first = await client.messages.page({ pageSize: 3 })
    expect(first.instances).toHaveLength(3)
    const second = await first.nextPage()
    const third = await second!.nextPage()
    expect(third!.instances.map((message) => message.body)).toEqual(['m1', 'm0'])
    expect(await third!.nextPage()).toBeUndefined()

    const limited = await client.messages.list({ limit: 4, pageSize: 2 })
    expect(limited).toHaveLength(4)
  })

  it('filters by date sent with dateSentAfter and dateSentBefore', async () => {
    const early = await client.messages.create({ to: TO, from: MAIN, body: 'early' })
    await time.advance(24 * 60 * MINUTE)
    const late = await client.messages.create({ to: TO, from: MAIN, body: 'late' })
    await time.advance(3000)
    const after = await client.messages.list({ dateSentAfter: new Date('2025-06-02T00:00:00Z') })
    expect(after.map((message) => message.sid)).toEqual([late.sid])
    const before = await client.messages.list({ dateSentBefore: new Date('2025-06-01T23:59:59Z') })
    expect(before.map((message) => message.sid)).toEqual([early.sid])
  })

  it('cancels a scheduled message with update({status: "canceled"})', async () => {
    const scheduled = await client.messages.create({
      to: TO,
      messagingServiceSid: MARKETING,
      body: 'Later',
      scheduleType: 'fixed',
      sendAt: new Date(Date.parse(START) + 20 * MINUTE)
    })
    expect(scheduled.status).toBe('scheduled')
    const canceled = await client.messages(scheduled.sid).update({ status: 'canceled' })
    expect(canceled.status).toBe('canceled')
    await time.advance(30 * MINUTE)
    expect((await client.messages(scheduled.sid).fetch()).status).toBe('canceled')

    const again = await caught(client.messages(scheduled.sid).update({ status: 'canceled' }))
    expect(again).toMatchObject({ status: 400, code: 30409 })
  })

  it.each([
    ['a bad To', { to: '12', from: MAIN, body: 'x' }, 400, 21211],
    ['a short code as To', { to: '89757', from: MAIN, body: 'x' }, 400, 21265],
    ['an unknown Messaging Service', { to: TO, messagingServiceSid: `MG${'1'.repeat(32)}`, body: 'x' }, 400, 21701],
    ['a malformed Messaging Service SID', { to: TO, messagingServiceSid: 'MG1', body: 'x' }, 400, 21705],
    [
      'SendAt 10 minutes ahead',
      {
        to: TO,
        messagingServiceSid: MARKETING,
        body: 'x',
        scheduleType: 'fixed' as const,
        sendAt: new Date(Date.parse(START) + 10 * MINUTE)
      },
      400,
      35114
    ],
    [
      'SendAt 36 days ahead',
      {
        to: TO,
        messagingServiceSid: MARKETING,
        body: 'x',
        scheduleType: 'fixed' as const,
        sendAt: new Date(Date.parse(START) + 36 * 24 * 60 * MINUTE)
      },
      400,
      35115
    ]
  ])('raises RestException for %s', async (_name, params, status, code) => {
    const error = await caught(client.messages.create(params))
    expect(error).toMatchObject({ status, code, moreInfo: `https://www.twilio.com/docs/errors/${code}` })
    expect(error.message).toEqual(expect.any(String))
  })

  it('raises RestException 20404 for an unknown message and 20003 for a wrong secret', async () => {
    expect(await caught(client.messages(`SM${'0'.repeat(32)}`).fetch())).toMatchObject({ status: 404, code: 20404 })
    const wrong = twilio(DEMO_CREDENTIALS.apiKeySid, 'not-the-secret', {
      accountSid: DEMO_CREDENTIALS.accountSid,
      httpClient: new EmulatorRequestClient(emulator.url)
    })
    expect(await caught(wrong.messages.list({ limit: 1 }))).toMatchObject({ status: 401, code: 20003 })
  })

  it("signs status callbacks so that the SDK's validateRequest accepts them", async () => {
    const url = `${receiver.url}/twilio/status`
    await client.messages.create({ to: TO, from: MAIN, body: 'x', statusCallback: url })
    await time.advance(3000)
    await emulator.callbacksIdle()
    expect(receiver.received.map((callback) => callback.params.MessageStatus)).toEqual(['sending', 'sent', 'delivered'])
    for (const callback of receiver.received) {
      const signature = String(callback.headers['x-twilio-signature'])
      expect(validateRequest(DEMO_CREDENTIALS.authToken, signature, url, callback.params)).toBe(true)
    }
  })
})
