// One emulator per test file on a fixed clock, with its messages, counters and faults reset before every test
// (not a test file itself). Call useFixedClockEmulator() once at the top of the file.
import { RunningEmulator, startEmulator } from '../../src/emulator/server'

/** The emulator's clock: every date it answers is this instant. */
export const NOW = new Date('2025-06-01T12:00:00Z')

/** NOW plus `ms`, as an ISO-8601 SendAt without milliseconds. */
export const later = (ms: number) => new Date(NOW.getTime() + ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

/** The file's emulator, started by useFixedClockEmulator: a live binding, read it inside hooks and tests only. */
export let emulator: RunningEmulator

export function useFixedClockEmulator(): void {
  beforeAll(async () => {
    emulator = await startEmulator({ clock: () => NOW })
  })

  afterAll(async () => {
    await emulator.close()
  })

  beforeEach(() => {
    emulator.reset()
    emulator.setFaults({ latencyMs: 0, latencyJitterMs: 0, rate429: 0, rate5xx: 0, rateDrop: 0 })
  })
}
