// The multi-worker table (issue 20): 2 and 4 separate Node processes (multi-worker-process.ts), each with its own
// limiter and nothing shared but the account, send batches of 1,000 one after another (8,000 events in all, 4 or 2
// batches each) to one emulator process that
// holds the account's limit of N requests in flight. Throughput and shares are counted while every worker is
// sending (from the moment all are started to the moment the first one is done), from the 201s each worker saw;
// 429s and exactly-once delivery at the emulator: every event's message created once, none twice, none missing.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { join } from 'node:path'
import { startEmulatorProcess, type EmulatorProcess } from './emulator-process'
import { spread, type Spread } from './interleave'
import type { WorkerConfig, WorkerReport } from './multi-worker-process'

export interface MultiCase {
  workers: number
  latencyMs: number
  /** The account's limit N. */
  limit: number
  /** Without Twilio-Concurrent-Requests on the answers (the limiter then never knows it shares the account). */
  withoutCountHeader?: boolean
}

export const MULTI_TARGETS = { together: 0.85, fairShare: 0.2, refusedShare: 0.02 }

export interface MultiRun {
  /** Events per second of all workers together while all were sending, and as a share of N / latency. */
  eventsPerSecond: number
  ofLimit: number
  /** Each worker's events while all were sending, over the fair share (1 = exactly its share). */
  shares: number[]
  requests: number
  refused429: number
  refusedShare: number
  /** Events sent, messages Twilio created, distinct ones, and events not answered 201. */
  events: number
  messages: number
  distinct: number
  notDelivered: number
  peakInFlight: number
  seconds: number
  /** Each worker's final statuses and its limit every 100 ms. */
  statuses: Array<Record<string, number>>
  limits: number[][]
}

function startWorker(config: WorkerConfig): {
  child: ChildProcess
  ready: Promise<void>
  report: Promise<WorkerReport>
} {
  const root = join(__dirname, '..', '..')
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(__dirname, 'multi-worker-process.ts')],
    { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] }
  )
  child.stdin?.write(`${JSON.stringify(config)}\n`)
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
  let onReady: () => void = () => undefined
  let onReport: (report: WorkerReport) => void = () => undefined
  let onFail: (error: Error) => void = () => undefined
  const ready = new Promise<void>((resolve, reject) => ((onReady = resolve), (onFail = reject)))
  const report = new Promise<WorkerReport>((resolve, reject) => {
    onReport = resolve
    const fail = onFail
    onFail = (error) => (fail(error), reject(error))
  })
  lines.on('line', (line) => (line === 'ready' ? onReady() : onReport(JSON.parse(line) as WorkerReport)))
  // An exit before the report (even with code 0) fails the run instead of hanging it; after the report it is moot.
  child.on('exit', (code) => onFail(new Error(`worker ${config.id} exited with ${code} before its report`)))
  report.catch(() => undefined) // handled by whoever awaits it; never an unhandled rejection
  return { child, ready, report }
}

async function runOnce(emulator: EmulatorProcess, multiCase: MultiCase, batches: number, size: number) {
  await emulator.setFaults({
    latencyMs: multiCase.latencyMs,
    concurrencyLimit: multiCase.limit,
    concurrencyHeader: multiCase.withoutCountHeader ? 0 : 1
  })
  await emulator.reset()
  const workers = Array.from({ length: multiCase.workers }, (_, id) =>
    startWorker({ id, url: emulator.url, batches, size })
  )
  let reports: WorkerReport[]
  try {
    await Promise.all(workers.map((worker) => worker.ready))
    await emulator.reset()
    for (const worker of workers) worker.child.stdin?.write('go\n')
    reports = await Promise.all(workers.map((worker) => worker.report))
  } catch (error) {
    // One worker failed: the others would hold the benchmark open.
    for (const worker of workers) worker.child.kill()
    throw error
  }
  const state = await emulator.state()
  const listed = (await (await fetch(`${emulator.url}/__emulator/messages?limit=10000`)).json()) as {
    messages: Array<{ to: string; body?: string }>
    total: number
  }
  const from = Math.max(...reports.map((report) => report.startedAt))
  const to = Math.min(...reports.map((report) => report.finishedAt))
  const counts = reports.map((report) => report.answered.filter((at) => at >= from && at <= to).length)
  const together = counts.reduce((a, b) => a + b, 0)
  if (to <= from) throw new Error(`a worker finished before the last one started (${from}..${to}): no overlap`)
  const eventsPerSecond = together / ((to - from) / 1000)
  const events = multiCase.workers * batches * size
  const requests = state.counters.requests ?? 0
  const refused429 = state.counters.overConcurrencyLimit ?? 0
  return {
    eventsPerSecond: Math.round(eventsPerSecond),
    ofLimit: eventsPerSecond / ((multiCase.limit * 1000) / multiCase.latencyMs),
    shares: counts.map((count) => Math.round((count / (together / multiCase.workers)) * 100) / 100),
    requests,
    refused429,
    refusedShare: refused429 / Math.max(1, requests),
    events,
    messages: listed.total,
    distinct: new Set(listed.messages.map((message) => `${message.to} ${message.body}`)).size,
    notDelivered: reports.reduce((sum, report) => sum + events / multiCase.workers - (report.statuses['201'] ?? 0), 0),
    peakInFlight: state.peakInFlight,
    seconds: Math.round((Math.max(...reports.map((report) => report.finishedAt)) - from) / 100) / 10,
    statuses: reports.map((report) => report.statuses),
    limits: reports.map((report) => report.limits)
  }
}

export interface MultiCaseResult extends MultiCase {
  runs: MultiRun[]
  ofLimit: Spread
  /** The share furthest from 1 in any run. */
  worstShare: number
  worstRefusedShare: number
  exactlyOnce: boolean
  met: boolean
}

/**
 * `events` per case and run, split into batches of `size` among the workers (at most 10,000: the emulator lists
 * that many messages back for the exactly-once check).
 */
export async function multiWorkerTable(
  cases: MultiCase[],
  options: { rounds: number; events: number; size: number }
): Promise<MultiCaseResult[]> {
  const emulator = await startEmulatorProcess([])
  const runs: MultiRun[][] = cases.map(() => [])
  try {
    for (let round = 0; round < options.rounds; round++) {
      for (let k = 0; k < cases.length; k++) {
        const index = (round + k) % cases.length
        const batches = Math.max(1, Math.floor(options.events / (cases[index].workers * options.size)))
        runs[index].push(await runOnce(emulator, cases[index], batches, options.size))
      }
    }
  } finally {
    await emulator.close()
  }
  return cases.map((multiCase, i) => {
    const caseRuns = runs[i]
    const ofLimit = spread(caseRuns.map((run) => run.ofLimit))
    const worstShare = caseRuns
      .flatMap((run) => run.shares)
      .reduce((worst, share) => (Math.abs(share - 1) > Math.abs(worst - 1) ? share : worst), 1)
    const worstRefusedShare = Math.max(...caseRuns.map((run) => run.refusedShare))
    // Every event's message exactly once: as many messages as events, all different, every event answered 201.
    const exactlyOnce = caseRuns.every(
      (run) => run.messages === run.events && run.distinct === run.events && run.notDelivered === 0
    )
    const met =
      ofLimit.median >= MULTI_TARGETS.together &&
      Math.abs(worstShare - 1) <= MULTI_TARGETS.fairShare &&
      worstRefusedShare <= MULTI_TARGETS.refusedShare &&
      exactlyOnce
    return { ...multiCase, runs: caseRuns, ofLimit, worstShare, worstRefusedShare, exactlyOnce, met }
  })
}
