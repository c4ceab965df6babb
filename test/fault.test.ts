import { useLoopbackOnly } from './helpers/loopback-only'
import { runFaultScenario } from '../bench/lib/fault-run'

useLoopbackOnly()

describe('fault run against the emulator', () => {
  it('300 events with 429s, 5xx, drops and slow answers: all delivered exactly once after retries', async () => {
    const report = await runFaultScenario({ events: 300, batchSize: 50 })
    if (!report.ok) console.log(JSON.stringify(report, null, 2))
    expect(report.problems).toEqual([])
    expect(report.firstRound.final).toBe(0)
    expect(report.firstRound.retryable).toBeGreaterThan(0) // the faults did happen
    expect(report.emulatorCounters.faultsDropped).toBeGreaterThan(0)
    expect(report.emulatorAccepted).toBe(300)
    expect(report.duplicatesAtEmulator).toBe(0)
    // Bound by wall-clock waits (latency up to 305 ms, 250 ms send timeouts; a look at the list never waits before
    // asking), not by CPU: about 10 s alone; the limit leaves room for a full CI run on a slower machine.
  }, 120_000)
})
