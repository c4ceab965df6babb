// The emulator's account concurrency limit: Twilio limits the requests one account has in flight at once and answers
// the ones beyond with 429 / 20429 ("Too Many Requests", never processed; twilio-facts: safe to retry).
import { connect } from 'node:net'
import { RunningEmulator, startEmulator } from '../src/emulator/server'
import { apiPath, basicAuth, form, sendMessage } from './emulator-helpers'

const MAIN = '+14155550100'
const TO = '+14155551212'

let emulator: RunningEmulator

beforeAll(async () => {
  emulator = await startEmulator()
})

afterAll(async () => {
  await emulator.close()
})

beforeEach(() => {
  emulator.setFaults({ latencyMs: 0, rateDrop: 0, concurrencyLimit: 0, concurrencyHeader: 1 })
  emulator.reset()
})

const send = () => sendMessage(emulator, { To: TO, From: MAIN, Body: 'x' })

describe('concurrency limit', () => {
  it('answers the requests beyond the limit 429 / 20429 at once and does nothing for them', async () => {
    emulator.setFaults({ latencyMs: 1000, concurrencyLimit: 3 })
    const arrivals: number[] = []
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        send().then((response) => {
          arrivals.push(response.status)
          return response
        })
      )
    )
    const statuses = responses.map((response) => response.status).sort()
    expect(statuses).toEqual([201, 201, 201, 429, 429])
    for (const refused of responses.filter((response) => response.status === 429)) {
      expect(refused.body).toMatchObject({ code: 20429, status: 429, message: 'Too Many Requests' })
    }
    // Refused at the door: both 429s arrive before any admitted request's delayed answer.
    expect(arrivals.slice(0, 2)).toEqual([429, 429])
    expect(emulator.state.messages).toHaveLength(3)
    expect(emulator.state.counters).toMatchObject({ overConcurrencyLimit: 2, faults429: 2, accepted: 3 })
    const state = (await (await fetch(`${emulator.url}/__emulator/state`)).json()) as { peakInFlight: number }
    expect(state.peakInFlight).toBe(3)
  })

  it("tells every request it lets in how many of the account's requests were in flight, itself included", async () => {
    // As Twilio's Twilio-Concurrent-Requests header: a lone request reads 1; the limiter reads the others' share.
    emulator.setFaults({ latencyMs: 300, concurrencyLimit: 3 })
    const post = () =>
      fetch(`${emulator.url}${apiPath()}/Messages.json`, {
        method: 'POST',
        headers: { authorization: basicAuth() },
        body: form({ To: TO, From: MAIN, Body: 'x' })
      })
    const lone = await post()
    expect(lone.headers.get('twilio-concurrent-requests')).toBe('1')
    const responses = await Promise.all(Array.from({ length: 4 }, () => post()))
    const counts = responses
      .filter((response) => response.status === 201)
      .map((response) => Number(response.headers.get('twilio-concurrent-requests')))
    expect(counts.sort()).toEqual([1, 2, 3])
    // Refused at the door: not let in, so no count.
    const refused = responses.find((response) => response.status === 429)
    expect(refused?.headers.get('twilio-concurrent-requests')).toBeNull()
    // The fault concurrencyHeader: 0 leaves the header out (a Twilio that never sends it), the limit still holds.
    emulator.setFaults({ concurrencyHeader: 0 })
    const quiet = await Promise.all(Array.from({ length: 4 }, () => post()))
    expect(quiet.map((response) => response.status).sort()).toEqual([201, 201, 201, 429])
    for (const response of quiet) expect(response.headers.get('twilio-concurrent-requests')).toBeNull()
  })

  it('frees a slot when an answer is written, and when a connection goes away', async () => {
    emulator.setFaults({ concurrencyLimit: 1 })
    for (let i = 0; i < 3; i++) expect((await send()).status).toBe(201)

    // A client that gives up while its request waits: its slot is freed when the connection closes, long before
    // the answer it would have had (3 s).
    emulator.setFaults({ latencyMs: 3000 })
    const started = Date.now()
    const body = form({ To: TO, From: MAIN, Body: 'abandoned' }).toString()
    // A raw socket: no HTTP client library (nor an interceptor another test file left in place) stands between the
    // test and the connection it closes.
    await new Promise<void>((resolve) => {
      const socket = connect(emulator.port, '127.0.0.1', () => {
        socket.write(
          `POST ${apiPath()}/Messages.json HTTP/1.1\r\nHost: 127.0.0.1:${emulator.port}\r\n` +
            `Authorization: ${basicAuth()}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
            `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
        )
        setTimeout(() => {
          socket.destroy()
          resolve()
        }, 100)
      })
      socket.on('error', () => resolve())
    })
    const inFlight = async () =>
      ((await (await fetch(`${emulator.url}/__emulator/state`)).json()) as { inFlight: number }).inFlight
    while ((await inFlight()) !== 0 && Date.now() - started < 2500) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(await inFlight()).toBe(0)
    expect(Date.now() - started).toBeLessThan(3000)
    emulator.setFaults({ latencyMs: 0 })
    expect((await send()).status).toBe(201)
    // Let the abandoned answer's timer run out before the emulator closes.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 3100 - (Date.now() - started))))
  }, 10_000)

  it('is a fault knob of the admin route and off by default', async () => {
    expect(emulator.faults.concurrencyLimit).toBe(0)
    const response = await fetch(`${emulator.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ concurrencyLimit: 7 })
    })
    expect(((await response.json()) as { concurrencyLimit: number }).concurrencyLimit).toBe(7)
    expect(emulator.faults.concurrencyLimit).toBe(7)
  })
})
