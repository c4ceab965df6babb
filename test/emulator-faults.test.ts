// Fault injection (429, 5xx, dropped connections, latency, a seeded rate) and the admin routes that set faults,
// reset the state and show the outbox.
import { getJson, sendMessage } from './emulator-helpers'
import { MAIN, TO } from './helpers/emulator-fixtures'
import { emulator, useFixedClockEmulator } from './helpers/fixed-clock-emulator'

useFixedClockEmulator()

describe('fault injection', () => {
  it('answers every request 429 / 20429 at rate429=1 and records nothing', async () => {
    emulator.setFaults({ rate429: 1 })
    for (let i = 0; i < 3; i++) {
      const response = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'x' })
      expect(response.status).toBe(429)
      expect(response.body).toMatchObject({ code: 20429, status: 429 })
    }
    expect(emulator.state.counters).toMatchObject({ faults429: 3, faultsInjected: 3, accepted: 0 })
    expect(emulator.state.messages).toHaveLength(0)
  })

  it('answers 500 / 20500 or 503 / 20503 at rate5xx=1', async () => {
    emulator.setFaults({ rate5xx: 1 })
    const statuses = new Set<number>()
    for (let i = 0; i < 8; i++) {
      const response = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'x' })
      expect([500, 503]).toContain(response.status)
      expect(response.body.code).toBe(response.status === 500 ? 20500 : 20503)
      statuses.add(response.status)
    }
    expect(statuses.size).toBe(2)
    expect(emulator.state.counters).toMatchObject({ faults5xx: 8, accepted: 0 })
  })

  it('drops the connection at rateDrop=1 so fetch rejects', async () => {
    emulator.setFaults({ rateDrop: 1 })
    await expect(sendMessage(emulator, { To: TO, From: MAIN, Body: 'x' })).rejects.toThrow()
    expect(emulator.state.counters).toMatchObject({ faultsDropped: 1, accepted: 0 })
  })

  it('adds latency', async () => {
    emulator.setFaults({ latencyMs: 150 })
    const started = Date.now()
    const response = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'x' })
    expect(response.status).toBe(201)
    expect(Date.now() - started).toBeGreaterThanOrEqual(145)
    expect(emulator.state.counters.delayed).toBe(1)
  })

  it('is reproducible for a seed and leaves admin routes alone', async () => {
    const run = async () => {
      emulator.setFaults({ rate429: 0.5, seed: 42 })
      const statuses: number[] = []
      for (let i = 0; i < 12; i++) statuses.push((await getJson(emulator, '/v1/Services')).status)
      return statuses
    }
    const a = await run()
    const b = await run()
    expect(a).toEqual(b)
    expect(a).toContain(429)
    expect(a).toContain(200)
    emulator.setFaults({ rate429: 1 })
    const state = await getJson(emulator, '/__emulator/state', '')
    expect(state.status).toBe(200)
  })

  it('takes faults, resets and shows the outbox through admin routes', async () => {
    await sendMessage(emulator, { To: TO, From: MAIN, Body: 'kept', StatusCallback: 'https://hooks.example/s' })
    const outbox = await getJson(emulator, '/__emulator/messages', '')
    expect(outbox.body.total).toBe(1)
    expect((outbox.body.messages as { emulator: Record<string, unknown> }[])[0].emulator).toMatchObject({
      status_callback: 'https://hooks.example/s',
      encoding: 'GSM-7'
    })
    const faults = await fetch(`${emulator.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rate429: 1 })
    })
    expect(((await faults.json()) as { rate429: number }).rate429).toBe(1)
    expect(emulator.faults.rate429).toBe(1)
    await fetch(`${emulator.url}/__emulator/reset`, { method: 'POST' })
    expect(emulator.state.messages).toHaveLength(0)
    expect(emulator.state.counters.accepted).toBe(0)
  })
})
