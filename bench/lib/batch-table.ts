// The single-worker batch table (issue 20): one batch of 1,000 events at a time against the emulator in its own
// process, which answers after 50 or 200 ms and refuses at once (429 / 20429) whatever is beyond its account limit
// of N requests in flight. Each case runs cold (no limiter yet: it starts at 50) and then warm (the next batches,
// the account's limiter as the one before left it), with the destination as Segment runs it (its default ceiling,
// nothing tuned). Rounds are interleaved: each round runs every case once, the order rotating, so that what else
// the shared machine does lands on all cases alike. Reference rows without a limit show what the machine itself
// allows at each latency (client and emulator share its 2 cores).
import { availableParallelism } from 'node:os'
import { Destination } from '@segment/actions-core'
import type { DestinationDefinition } from '@segment/actions-core'
import { createTwilioMessaging } from '../../src/destinations/twilio-messaging'
import { targetTwilio } from '../../src/twilio-target'
import {
  accountLimiterState,
  clearAccountLimiters
} from '../../src/destinations/twilio-messaging/sendMessage/account-limiters'
import { clearMemoryDedup } from '../../src/destinations/twilio-messaging/sendMessage/dedup'
import { events, oursSettings, settings } from './fixtures'
import { startEmulatorProcess, type EmulatorProcess } from './emulator-process'
import { spread, type Spread } from './interleave'
import { cpuSample, cpuSince } from './thread-cpu'

export interface BatchCase {
  latencyMs: number
  /** The emulator's account concurrency limit N, 0 for none (a reference row). */
  limit: number
}

/** Issue 20's targets, as shares of N / latency and of the requests Twilio saw. */
export const BATCH_TARGETS = { warm: 0.9, cold: 0.8, refusedShare: 0.01 }

export interface BatchRun {
  eventsPerSecond: number
  /** eventsPerSecond / (N / latency); undefined without a limit. */
  ofLimit?: number
  delivered: number
  /** Requests the emulator saw, and those it refused over the limit (429 / 20429). */
  requests: number
  refused429: number
  peakInFlight: number
  limitAfter?: number
  /** CPU per event of the batch: the client's JavaScript thread and all its threads, and the emulator's process. */
  cpu: CpuPerEvent
}

export interface CpuPerEvent {
  clientJsUs: number
  clientAllUs: number
  emulatorUs: number
}

async function runBatch(
  emulator: EmulatorProcess,
  definition: DestinationDefinition<never>,
  batchCase: BatchCase,
  size: number
): Promise<BatchRun> {
  await emulator.reset()
  const destination = new Destination(definition)
  const batch = events(size)
  const emulatorBefore = emulator.cpuUs()
  const clientBefore = cpuSample()
  const started = process.hrtime.bigint()
  const results = (await destination.onBatch(batch, oursSettings())) as Array<{
    multistatus?: Array<{ status: number }>
  }>
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const client = cpuSince(clientBefore)
  const emulatorUs = emulator.cpuUs() - emulatorBefore
  destination.responses.length = 0
  const state = await emulator.state()
  const eventsPerSecond = size / seconds
  return {
    eventsPerSecond: Math.round(eventsPerSecond),
    ofLimit: batchCase.limit ? eventsPerSecond / ((batchCase.limit * 1000) / batchCase.latencyMs) : undefined,
    delivered: (results[0]?.multistatus ?? []).filter((entry) => entry.status === 201).length,
    requests: state.counters.requests ?? 0,
    refused429: state.counters.overConcurrencyLimit ?? 0,
    peakInFlight: state.peakInFlight,
    limitAfter: accountLimiterState(settings.accountSID)?.limit,
    cpu: { clientJsUs: client.jsUs / size, clientAllUs: client.allUs / size, emulatorUs: emulatorUs / size }
  }
}

export interface Phase {
  eventsPerSecond: Spread
  /** Share of N / latency (median and spread), undefined without a limit. */
  ofLimit?: Spread
  /** The largest share of a batch's requests refused by 429. */
  worstRefusedShare: number
  runs: BatchRun[]
  /** Undefined for a reference row. */
  met?: boolean
  /** CPU per event (median and spread of the batches), and the events/s the machine's cores allow at that cost. */
  cpu: { clientJsUs: Spread; clientAllUs: Spread; emulatorUs: Spread; machineBound: number }
}

export interface BatchCaseResult extends BatchCase {
  cold: Phase
  warm: Phase
}

function phase(runs: BatchRun[], target: number, size: number): Phase {
  const worstRefusedShare = Math.max(...runs.map((run) => run.refused429 / Math.max(1, run.requests)))
  const ofLimit = runs[0]?.ofLimit === undefined ? undefined : spread(runs.map((run) => run.ofLimit as number))
  const perEvent = (key: keyof CpuPerEvent) => spread(runs.map((run) => run.cpu[key]))
  const cpu = {
    clientJsUs: perEvent('clientJsUs'),
    clientAllUs: perEvent('clientAllUs'),
    emulatorUs: perEvent('emulatorUs')
  }
  return {
    eventsPerSecond: spread(runs.map((run) => run.eventsPerSecond)),
    ofLimit,
    worstRefusedShare,
    runs,
    // Every core busy with nothing but this client and this emulator: an upper bound, never reached.
    cpu: { ...cpu, machineBound: (availableParallelism() * 1e6) / (cpu.clientAllUs.median + cpu.emulatorUs.median) },
    met:
      ofLimit &&
      ofLimit.median >= target &&
      worstRefusedShare <= BATCH_TARGETS.refusedShare &&
      runs.every((run) => run.delivered === size)
  }
}

export async function batchTable(
  cases: BatchCase[],
  options: { size: number; rounds: number; warmBatches: number; warmup: number }
): Promise<BatchCaseResult[]> {
  const emulator = await startEmulatorProcess([])
  const byCase = cases.map((batchCase) => ({ batchCase, cold: [] as BatchRun[], warm: [] as BatchRun[] }))
  // The destination as Segment's runtime builds it: nothing tuned (its default ceiling, 250).
  const definition = targetTwilio(createTwilioMessaging(), emulator.url) as DestinationDefinition<never>
  try {
    // Warm-up: the first batches of a process run unoptimised code; none of them is measured.
    await emulator.setFaults({ latencyMs: 50, concurrencyLimit: 0 })
    for (let i = 0; i < options.warmup; i++) await runBatch(emulator, definition, { latencyMs: 50, limit: 0 }, 1000)
    for (let round = 0; round < options.rounds; round++) {
      for (let k = 0; k < byCase.length; k++) {
        const entry = byCase[(round + k) % byCase.length]
        await emulator.setFaults({ latencyMs: entry.batchCase.latencyMs, concurrencyLimit: entry.batchCase.limit })
        clearAccountLimiters()
        clearMemoryDedup()
        entry.cold.push(await runBatch(emulator, definition, entry.batchCase, options.size))
        for (let w = 0; w < options.warmBatches; w++) {
          entry.warm.push(await runBatch(emulator, definition, entry.batchCase, options.size))
        }
      }
    }
  } finally {
    clearAccountLimiters()
    clearMemoryDedup()
    await emulator.close()
  }
  return byCase.map(({ batchCase, cold, warm }) => ({
    ...batchCase,
    cold: phase(cold, BATCH_TARGETS.cold, options.size),
    warm: phase(warm, BATCH_TARGETS.warm, options.size)
  }))
}
