// The fault run's fresh-process mode: every delivery (first try, retry, at-least-once redelivery) runs in a new Node
// process (fault-worker.ts), so no memory is shared between attempts. The parent plays Segment's platform: it keeps
// stateContext with Segment's semantics (values from a response that arrived; nothing from a crashed, late or failed
// invocation), treats an invocation that outlasts its deadline as lost (Segment then delivers its events again), and
// redelivers what failed retryably, plus a share of delivered events (at-least-once delivery). Between the workers and
// the emulator, a proxy loses answers after Twilio created the message (too late, a 500, a reset connection) or
// refuses before (503, 429, a reset). Some workers crash right after Twilio accepted a message. Some events are
// twins: another event with the same text to the same recipient. Copies are counted at the emulator per text and
// recipient, against the number of events that asked for it.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { startEmulator } from '../../src/emulator'
import { createPrng } from '../../src/emulator/faults'
import { SegmentStatePlatform } from '../../src/destinations/twilio-messaging/sendMessage/__tests__/__helpers__/segment-state-context'
import { startFaultProxy, type ProxyFaultRates } from './fault-proxy'
import { faultEvent, mapping, settings } from './fault-run'
import type { WorkerAnswer, WorkerInput } from './fault-worker'

export interface FreshProcessOptions {
  events: number
  mode: 'single' | 'batch'
  batchSize?: number
  /** Processes running at once, and invocations at once in each. */
  processes?: number
  invocationsPerProcess?: number
  concurrencyPerProcess?: number
  /** The platform's deadline for one invocation (ms): a later answer is lost. Default 10 s single, 30 s batch. */
  deadlineMs?: number
  rates?: ProxyFaultRates
  /** Share of invocations whose process crashes right after Twilio accepted one of its messages (first rounds). */
  crashRate?: number
  /** Share of delivered events Segment delivers again in each of the first rounds. */
  redeliverShare?: number
  /** Share of events that have a twin: another event with the same text to the same recipient. */
  twinShare?: number
  seed?: number
}

export const DEFAULT_PROXY_RATES: ProxyFaultRates = {
  slowAfterCreate: 0.04,
  error500AfterCreate: 0.04,
  resetAfterCreate: 0.03,
  error503BeforeCreate: 0.03,
  resetBeforeCreate: 0.02,
  rate429: 0.01
}

/** 10% each of 429s, 5xx (half after Twilio created the message), resets (half after) and unanswered creates. */
export const HARSH_PROXY_RATES: ProxyFaultRates = {
  slowAfterCreate: 0.1,
  error500AfterCreate: 0.05,
  error503BeforeCreate: 0.05,
  resetAfterCreate: 0.05,
  resetBeforeCreate: 0.05,
  rate429: 0.1
}

const RETRYABLE = (status: number) =>
  status === 408 || status === 423 || status === 429 || (status >= 500 && status !== 501)

interface EventState {
  delivered: boolean
  final: boolean
  crashedIn: boolean
  sid?: string
}

/** The answers the worker wrote (all of them, or those written before it crashed). */
function runWorker(input: WorkerInput): Promise<{ answers: WorkerAnswer[]; crashed: boolean }> {
  const root = join(__dirname, '..', '..')
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'fault-worker.ts')], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit']
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stdin.end(JSON.stringify(input))
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => {
      // SIGKILL is the simulated crash; any other failure of the worker is a bug in the run, reported as such.
      const answers = output
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as WorkerAnswer)
      if (signal === 'SIGKILL') return resolve({ answers, crashed: true })
      if (code !== 0) return reject(new Error(`fault worker exited with ${code ?? signal}`))
      resolve({ answers, crashed: false })
    })
  })
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))])
}

export async function runFreshProcessScenario(options: FreshProcessOptions) {
  const started = Date.now()
  const mode = options.mode
  const batchSize = mode === 'batch' ? (options.batchSize ?? 100) : 1
  const deadlineMs = options.deadlineMs ?? (mode === 'batch' ? 30_000 : 10_000)
  const random = createPrng(options.seed ?? 7)
  const emulator = await startEmulator({ faults: { latencyMs: 5 } })
  const tuning = {} // Segment's defaults: the run measures what production would do.
  const proxy = await startFaultProxy(emulator.url, {
    rates: options.rates ?? DEFAULT_PROXY_RATES,
    seed: options.seed ?? 7,
    // Later than the default send timeout (4 s): the message exists, its answer never comes in time.
    slowMs: 4500
  })
  const platform = new SegmentStatePlatform()
  const runId = Math.random().toString(36).slice(2, 8)
  // Twins: event i + 1 asks for event i's exact text to the same recipient.
  const twinShare = options.twinShare ?? 0.1
  const events = Array.from({ length: options.events }, (_, i) => faultEvent(i, runId))
  for (let i = 0; i + 1 < events.length; i += 2) {
    if (random() < twinShare) events[i + 1].properties = { ...events[i].properties }
  }
  const state: EventState[] = events.map(() => ({ delivered: false, final: false, crashedIn: false }))
  const counts = { processes: 0, invocations: 0, crashed: 0, late: 0, confirmed: 0, fromRecord: 0 }
  const durations: number[] = []
  const finalErrors: string[] = []
  const crashRate = options.crashRate ?? 0.05
  const redeliverShare = options.redeliverShare ?? 0.1
  const perProcess = options.invocationsPerProcess ?? (mode === 'batch' ? 4 : 250)
  const parallel = options.processes ?? 2
  let round = 0
  try {
    for (; round < 12; round++) {
      if (round === 3)
        proxy.setRates({
          slowAfterCreate: 0,
          error500AfterCreate: 0,
          resetAfterCreate: 0,
          error503BeforeCreate: 0,
          resetBeforeCreate: 0,
          rate429: 0
        })
      const pending = state
        .map((s, i) => ({ s, i }))
        .filter(
          ({ s }, n) =>
            (!s.delivered && !s.final) ||
            (round > 0 && round < 3 && s.delivered && n % Math.round(1 / redeliverShare) === round)
        )
        .map(({ i }) => i)
      if (pending.length === 0) break
      // Segment does not keep delivery order: shuffled, so twins land in the same batch or in different ones.
      for (let k = pending.length - 1; k > 0; k--) {
        const j = Math.floor(random() * (k + 1))
        ;[pending[k], pending[j]] = [pending[j], pending[k]]
      }
      const invocations: number[][] = []
      for (let k = 0; k < pending.length; k += batchSize) invocations.push(pending.slice(k, k + batchSize))
      const groups: number[][][] = []
      for (let k = 0; k < invocations.length; k += perProcess) groups.push(invocations.slice(k, k + perProcess))
      const runGroup = async (group: number[][]) => {
        const platformInvocations = group.map(() => platform.invocation())
        const crash = round < 3 && random() < crashRate ? 1 + Math.floor(random() * 20) : undefined
        counts.processes++
        counts.invocations += group.length
        const answer = await runWorker({
          mode,
          invocations: platformInvocations.map((invocation, k) => ({
            events: group[k].map((i) => events[i]),
            context: Object.fromEntries(platform.snapshot())
          })),
          mapping,
          settings,
          twilioUrl: proxy.url,
          tuning,
          concurrency: mode === 'batch' ? group.length : (options.concurrencyPerProcess ?? 50),
          crashAfterAccepted: crash
        })
        const answered = new Set(answer.answers.map((result) => result.index))
        if (answer.crashed) {
          // Invocations still running when the process died never answer; their events come again.
          counts.crashed++
          group.forEach((batch, k) => {
            if (answered.has(k)) return
            platformInvocations[k].lose()
            for (const i of batch) state[i].crashedIn = true
          })
        }
        answer.answers.forEach((result) => {
          const k = result.index
          const invocation = platformInvocations[k]
          durations.push(result.ms)
          if (result.ms > deadlineMs) {
            // Too late: the platform gave up on this answer and will deliver its events again.
            counts.late++
            invocation.lose()
            return
          }
          for (const [key, value, ttl] of result.setContext)
            invocation.stateContext.setResponseContext(key, value, ttl as never)
          invocation.deliver()
          result.results.forEach((entry, e) => {
            const i = group[k][e]
            const s = state[i]
            if (entry.status >= 200 && entry.status < 300) {
              if (entry.body?.confirmedByReadback) counts.confirmed++
              if (entry.body?.duplicate) counts.fromRecord++
              s.delivered = true
              s.sid = s.sid ?? entry.body?.sid
            } else if (!RETRYABLE(entry.status)) {
              s.final = true
              finalErrors.push(`event ${i}: ${entry.status} ${JSON.stringify(entry).slice(0, 200)}`)
            }
          })
        })
      }
      for (let k = 0; k < groups.length; k += parallel) await Promise.all(groups.slice(k, k + parallel).map(runGroup))
    }
    return {
      ...tally(events, state, emulator.state.messages),
      rounds: round,
      processes: counts.processes,
      invocations: counts.invocations,
      crashedProcesses: counts.crashed,
      lostToDeadline: counts.late,
      invocationMs: { p50: percentile(durations, 50), p95: percentile(durations, 95), max: percentile(durations, 100) },
      deadlineMs,
      proxyFaults: { ...proxy.counts },
      confirmedByReadback: counts.confirmed,
      answeredFromRecord: counts.fromRecord,
      finalErrors: finalErrors.slice(0, 10),
      mode,
      events: options.events,
      seconds: (Date.now() - started) / 1000
    }
  } finally {
    await proxy.close()
    await emulator.close()
  }
}

/**
 * Per text and recipient: how many copies Twilio accepted against how many events asked for one. Extra copies are
 * duplicates (explained by a crash when one of the group's events was in a crashed process); missing copies, while
 * every event of the group was reported delivered, are events lost to another event's message.
 */
function tally(
  events: Array<ReturnType<typeof faultEvent>>,
  state: EventState[],
  messages: Array<{ to: string; body?: string | null; sid: string }>
) {
  const textOf = (event: ReturnType<typeof faultEvent>) =>
    `${event.properties.phone} Order ${event.properties.order_id} has shipped, Ada`
  const copies = new Map<string, number>()
  for (const message of messages)
    copies.set(`${message.to} ${message.body}`, (copies.get(`${message.to} ${message.body}`) ?? 0) + 1)
  const groups = new Map<string, number[]>()
  events.forEach((event, i) => groups.set(textOf(event), [...(groups.get(textOf(event)) ?? []), i]))
  let duplicates = 0
  let explained = 0
  let lost = 0
  for (const [text, members] of groups) {
    const got = copies.get(text) ?? 0
    if (got > members.length) {
      duplicates += got - members.length
      if (members.some((i) => state[i].crashedIn)) explained += got - members.length
    } else if (got < members.length && members.every((i) => state[i].delivered)) lost += members.length - got
  }
  const bySid = new Map<string, number>()
  for (const s of state) if (s.sid) bySid.set(s.sid, (bySid.get(s.sid) ?? 0) + 1)
  const sharedSid = [...bySid.values()].filter((n) => n > 1).reduce((sum, n) => sum + n, 0)
  return {
    twins: [...groups.values()].filter((members) => members.length > 1).length,
    emulatorAccepted: messages.length,
    finalUndelivered: state.filter((s) => !s.delivered).length,
    duplicatesSent: duplicates,
    duplicatesExplainedByCrash: explained,
    duplicatesAfterTimeoutsOr5xx: duplicates - explained,
    lostToAnotherEventsMessage: lost,
    eventsReportingAnotherEventsSid: sharedSid
  }
}

export type FreshProcessReport = Awaited<ReturnType<typeof runFreshProcessScenario>>
