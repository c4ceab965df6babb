// The batch table: one batch of 1,000 events against the emulator in its own process, at 50 ms and 200 ms of
// latency, with and without an account concurrency limit, for the old fixed concurrency (50) and the adaptive
// limiter with its default ceiling. Each case runs cold (nothing learned) and then warm (the account's limiter as
// the cold batch left it), and the cases are run in rounds with the modes alternating, the spread printed.
import { Destination } from '@segment/actions-core'
import type { DestinationDefinition } from '@segment/actions-core'
import { createTwilioMessaging } from '../../src/destinations/twilio-messaging'
import { DEFAULT_TUNING } from '../../src/destinations/twilio-messaging/sendMessage/tuning'
import { targetTwilio } from '../../src/twilio-target'
import {
  accountLimiterState,
  clearAccountLimiters
} from '../../src/destinations/twilio-messaging/sendMessage/account-limiters'
import { clearMemoryDedup } from '../../src/destinations/twilio-messaging/sendMessage/dedup'
import { events, oursSettings, settings } from './fixtures'
import { startEmulatorProcess, type EmulatorProcess } from './emulator-process'
import { spread, type Spread } from './interleave'

export interface BatchCase {
  latencyMs: number
  /** The emulator's account concurrency limit, 0 for none. */
  limit: number
}

interface Mode {
  name: string
  /** The concurrency ceiling of this mode, undefined for the default. */
  ceiling?: number
}

export const MODES: Mode[] = [
  { name: 'fixed 50 (before)', ceiling: 50 },
  { name: `adaptive (ceiling ${DEFAULT_TUNING.concurrencyCeiling})` }
]

export interface BatchRun {
  eventsPerSecond: number
  delivered: number
  /** Events answered 429 (refused over the limit, then reported to Segment as retryable 429). */
  refused429: number
  heldBack: number
  peakInFlight: number
  limitAfter?: number
}

async function runBatch(
  emulator: EmulatorProcess,
  definition: DestinationDefinition<never>,
  size: number
): Promise<BatchRun> {
  await emulator.reset()
  const destination = new Destination(definition)
  const batch = events(size)
  const started = process.hrtime.bigint()
  const results = (await destination.onBatch(batch, oursSettings())) as Array<{
    multistatus?: Array<{ status: number; body?: { not_sent?: boolean } }>
  }>
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  destination.responses.length = 0
  const entries = results[0]?.multistatus ?? []
  const state = await emulator.state()
  return {
    eventsPerSecond: Math.round(size / seconds),
    delivered: entries.filter((entry) => entry.status === 201).length,
    refused429: state.counters.overConcurrencyLimit ?? 0,
    heldBack: entries.filter((entry) => entry.status === 429 && entry.body?.not_sent).length,
    peakInFlight: state.peakInFlight,
    limitAfter: accountLimiterState(settings.accountSID)?.limit
  }
}

export interface BatchCaseResult extends BatchCase {
  mode: string
  cold: { eventsPerSecond: Spread; runs: BatchRun[] }
  warm: { eventsPerSecond: Spread; runs: BatchRun[] }
}

export async function batchTable(cases: BatchCase[], options: { size: number; rounds: number }) {
  const emulator = await startEmulatorProcess([])
  const results: BatchCaseResult[] = []
  try {
    {
      for (const batchCase of cases) {
        await emulator.setFaults({ latencyMs: batchCase.latencyMs, concurrencyLimit: batchCase.limit })
        const byMode = MODES.map((mode) => ({ mode, cold: [] as BatchRun[], warm: [] as BatchRun[] }))
        for (let round = 0; round < options.rounds; round++) {
          // Alternate which mode goes first, so neither always meets the machine in the same state.
          const order = round % 2 ? [...byMode].reverse() : byMode
          for (const entry of order) {
            const definition = targetTwilio(
              createTwilioMessaging(entry.mode.ceiling ? { concurrencyCeiling: entry.mode.ceiling } : {}),
              emulator.url
            ) as DestinationDefinition<never>
            clearAccountLimiters()
            clearMemoryDedup()
            entry.cold.push(await runBatch(emulator, definition, options.size))
            entry.warm.push(await runBatch(emulator, definition, options.size))
          }
        }
        for (const entry of byMode) {
          results.push({
            ...batchCase,
            mode: entry.mode.name,
            cold: { eventsPerSecond: spread(entry.cold.map((run) => run.eventsPerSecond)), runs: entry.cold },
            warm: { eventsPerSecond: spread(entry.warm.map((run) => run.eventsPerSecond)), runs: entry.warm }
          })
        }
      }
    }
  } finally {
    clearAccountLimiters()
    clearMemoryDedup()
    await emulator.close()
  }
  return results
}
