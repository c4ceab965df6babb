// The emulator's account concurrency limit: Twilio limits the requests one account has in flight at once and answers
// the ones beyond with 429 / 20429 ("Too Many Requests", never processed; twilio-facts: safe to retry).
import { request as httpRequest } from 'node:http'
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
  emulator.setFaults({ latencyMs: 0, rateDrop: 0, concurrencyLimit: 0 })
  emulator.reset()
})

const send = () => sendMessage(emulator, { To: TO, From: MAIN, Body: 'x' })

describe('concurrency limit', () => {
  it('answers the requests beyond the limit 429 / 20429 at once and does nothing for them', async () => {
    emulator.setFaults({ latencyMs: 300, concurrencyLimit: 3 })
    const started = Date.now()
    const refusedAt: number[] = []
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        send().then((response) => {
          if (response.status === 429) refusedAt.push(Date.now() - started)
          return response
        })
      )
    )
    const statuses = responses.map((response) => response.status).sort()
    expect(statuses).toEqual([201, 201, 201, 429, 429])
    for (const refused of responses.filter((response) => response.status === 429)) {
      expect(refused.body).toMatchObject({ code: 20429, status: 429, message: 'Too Many Requests' })
    }
    // Refused at the door: well before the 300 ms the admitted ones wait.
    expect(Math.max(...refusedAt)).toBeLessThan(250)
    expect(emulator.state.messages).toHaveLength(3)
    expect(emulator.state.counters).toMatchObject({ overConcurrencyLimit: 2, faults429: 2, accepted: 3 })
    const state = (await (await fetch(`${emulator.url}/__emulator/state`)).json()) as { peakInFlight: number }
    expect(state.peakInFlight).toBe(3)
  })

  it('frees a slot when an answer is written, and when a connection goes away', async () => {
    emulator.setFaults({ concurrencyLimit: 1 })
    for (let i = 0; i < 3; i++) expect((await send()).status).toBe(201)

    // A client that gives up while its request waits: its slot is freed when the connection closes.
    emulator.setFaults({ latencyMs: 10_000 })
    const body = form({ To: TO, From: MAIN, Body: 'abandoned' }).toString()
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${emulator.url}${apiPath()}/Messages.json`, {
        method: 'POST',
        headers: { authorization: basicAuth(), 'content-type': 'application/x-www-form-urlencoded' }
      })
      req.on('error', () => resolve())
      req.end(body)
      setTimeout(() => req.destroy(), 150)
    })
    emulator.setFaults({ latencyMs: 0 })
    let status = 0
    for (let attempt = 0; attempt < 20 && status !== 201; attempt++) {
      status = (await send()).status
      if (status !== 201) await new Promise((resolve) => setTimeout(resolve, 25))
    }
    expect(status).toBe(201)
  })

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
