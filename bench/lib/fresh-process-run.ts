// The fault run's fresh-process mode: every delivery of a batch (first try, retry, or at-least-once redelivery)
// runs in a new Node process (fault-worker.ts), so no memory is shared between attempts. The parent plays Segment's
// platform: it keeps stateContext with Segment's semantics (values from a response that arrived; nothing from a
// crashed one), redelivers what failed retryably or whose response was lost, and redelivers a share of delivered
// events too. Between the workers and the emulator, a proxy loses answers after Twilio created the message
// (too late, a 500, a reset connection) or refuses before (503, 429). Some workers crash right after Twilio
// accepted a message. Duplicates are counted at the emulator, and split by whether a crash explains them.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { startEmulator } from '../../src/emulator'
import { createPrng } from '../../src/emulator/faults'
import { SegmentStatePlatform } from '../../src/destinations/twilio-messaging/sendMessage/__tests__/__helpers__/segment-state-context'
import { startFaultProxy, type ProxyFaultRates } from './fault-proxy'
import { faultEvent, mapping, settings } from './fault-run'

export interface FreshProcessOptions {
  events: number
  batchSize?: number
  /** Batches run side by side (each in its own process). */
  parallel?: number
  sendTimeoutMs?: number
  rates?: ProxyFaultRates
  /** Share of batch deliveries whose process crashes right after Twilio accepted one of its messages. */
  crashRate?: number
  /** Share of delivered events Segment delivers again in each round (at-least-once delivery). */
  redeliverShare?: number
  seed?: number
}

export interface FreshProcessReport {
  events: number
  processes: number
  rounds: number
  proxyFaults: Record<string, number>
  crashedProcesses: number
  lostResponses: number
  confirmedByReadback: number
  answeredFromRecord: number
  finalUndelivered: number
  finalErrors: string[]
  emulatorAccepted: number
  duplicatesSent: number
  duplicatesExplainedByCrash: number
  duplicatesAfterTimeoutsOr5xx: number
  seconds: number
}

type Result = { status: number; body?: { sid?: string; duplicate?: boolean; confirmedByReadback?: boolean } }

const RETRYABLE = (status: number) =>
  status === 408 || status === 423 || status === 429 || (status >= 500 && status !== 501)

export const DEFAULT_PROXY_RATES: ProxyFaultRates = {
  slowAfterCreate: 0.04,
  error500AfterCreate: 0.04,
  resetAfterCreate: 0.03,
  error503BeforeCreate: 0.03,
  rate429: 0.01
}

function runWorker(
  input: object,
  env: NodeJS.ProcessEnv
): Promise<{ results?: Result[]; setContext?: Array<[string, string, { hour?: number }]>; crashed: boolean }> {
  const root = join(__dirname, '..', '..')
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'fault-worker.ts')], {
    cwd: root,
    env,
    stdio: ['pipe', 'pipe', 'inherit']
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stdin.end(JSON.stringify(input))
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => {
      // SIGKILL is the simulated crash; any other failure of the worker is a bug in the run, reported as such.
      if (signal === 'SIGKILL') return resolve({ crashed: true })
      if (code !== 0) return reject(new Error(`fault worker exited with ${code ?? signal}`))
      resolve({ ...JSON.parse(output), crashed: false })
    })
  })
}

export async function runFreshProcessScenario(options: FreshProcessOptions): Promise<FreshProcessReport> {
  const started = Date.now()
  const batchSize = options.batchSize ?? 100
  const parallel = options.parallel ?? 2
  const sendTimeoutMs = options.sendTimeoutMs ?? 2000
  const random = createPrng(options.seed ?? 7)
  const emulator = await startEmulator({ faults: { latencyMs: 5 } })
  const proxy = await startFaultProxy(emulator.url, {
    rates: options.rates ?? DEFAULT_PROXY_RATES,
    seed: options.seed ?? 7,
    slowMs: sendTimeoutMs + 500
  })
  const env = {
    ...process.env,
    TWILIO_MESSAGING_BASE_URL: proxy.url,
    TWILIO_MESSAGING_SEND_TIMEOUT_MS: String(sendTimeoutMs),
    TWILIO_MESSAGING_READBACK_WAITS_MS: '100,400'
  }
  const platform = new SegmentStatePlatform()
  const runId = Math.random().toString(36).slice(2, 8)
  const events = Array.from({ length: options.events }, (_, i) => faultEvent(i, runId))
  const state = events.map(() => ({
    delivered: false,
    final: false,
    crashedIn: false,
    sid: undefined as string | undefined
  }))
  const counts = { processes: 0, crashed: 0, confirmed: 0, fromRecord: 0 }
  const finalErrors: string[] = []
  const crashRate = options.crashRate ?? 0.1
  const redeliverShare = options.redeliverShare ?? 0.1
  let round = 0
  try {
    for (; round < 12; round++) {
      if (round === 3)
        proxy.setRates({
          slowAfterCreate: 0,
          error500AfterCreate: 0,
          resetAfterCreate: 0,
          error503BeforeCreate: 0,
          rate429: 0
        })
      const crashes = round < 3 ? crashRate : 0
      const pending = state
        .map((s, i) => ({ s, i }))
        .filter(
          ({ s }, n) =>
            (!s.delivered && !s.final) ||
            (round > 0 && round < 3 && s.delivered && n % Math.round(1 / redeliverShare) === round)
        )
        .map(({ i }) => i)
      if (pending.length === 0) break
      const batches: number[][] = []
      for (let start = 0; start < pending.length; start += batchSize)
        batches.push(pending.slice(start, start + batchSize))
      const runBatch = async (batch: number[]) => {
        const invocation = platform.invocation()
        const crashAfterAccepted =
          random() < crashes ? 1 + Math.floor(random() * Math.max(1, batch.length - 1)) : undefined
        counts.processes++
        const answer = await runWorker(
          {
            events: batch.map((i) => events[i]),
            mapping,
            settings,
            context: Object.fromEntries(platform.snapshot()),
            crashAfterAccepted
          },
          env
        )
        if (answer.crashed || !answer.results) {
          counts.crashed++
          invocation.lose()
          for (const i of batch) state[i].crashedIn = true
          return
        }
        for (const [key, value, ttl] of answer.setContext ?? [])
          invocation.stateContext.setResponseContext(key, value, ttl as never)
        invocation.deliver()
        answer.results.forEach((result, k) => {
          const s = state[batch[k]]
          if (result.status >= 200 && result.status < 300) {
            if (result.body?.confirmedByReadback) counts.confirmed++
            if (result.body?.duplicate) counts.fromRecord++
            s.delivered = true
            s.sid = s.sid ?? result.body?.sid
          } else if (!RETRYABLE(result.status)) {
            s.final = true
            finalErrors.push(`event ${batch[k]}: ${result.status} ${JSON.stringify(result).slice(0, 200)}`)
          }
        })
      }
      for (let start = 0; start < batches.length; start += parallel) {
        await Promise.all(batches.slice(start, start + parallel).map(runBatch))
      }
    }
    const perEvent = new Map<string, number>()
    for (const message of emulator.state.messages) {
      const key = `${message.to} ${message.body}`
      perEvent.set(key, (perEvent.get(key) ?? 0) + 1)
    }
    let duplicatesSent = 0
    let explained = 0
    events.forEach((event, i) => {
      const copies = perEvent.get(`${event.properties.phone} Order ${event.properties.order_id} has shipped, Ada`) ?? 0
      if (copies > 1) {
        duplicatesSent += copies - 1
        if (state[i].crashedIn) explained += copies - 1
      }
    })
    return {
      events: options.events,
      processes: counts.processes,
      rounds: round,
      proxyFaults: { ...proxy.counts },
      crashedProcesses: counts.crashed,
      lostResponses: platform.lostResponses,
      confirmedByReadback: counts.confirmed,
      answeredFromRecord: counts.fromRecord,
      finalUndelivered: state.filter((s) => !s.delivered).length,
      finalErrors: finalErrors.slice(0, 20),
      emulatorAccepted: emulator.state.messages.length,
      duplicatesSent,
      duplicatesExplainedByCrash: explained,
      duplicatesAfterTimeoutsOr5xx: duplicatesSent - explained,
      seconds: (Date.now() - started) / 1000
    }
  } finally {
    await proxy.close()
    await emulator.close()
  }
}
