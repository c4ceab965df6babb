// The fault run: events in batches through actions-core's Destination against the emulator with 429 bursts,
// 5xx, dropped connections and answers slower than the send timeout. Failed events are redelivered the way
// Segment would (retryable ones only), plus a share of already-delivered ones (at-least-once delivery).
// Shared by test/fault.test.ts (small) and bench/fault.ts (2,000 events). The fresh-process mode, where every
// delivery runs in a new process, is in fresh-process-run.ts.
import { Destination } from '@segment/actions-core'
import { createTwilioMessaging } from '../../src/destinations/twilio-messaging'
import { clearMemoryDedup } from '../../src/destinations/twilio-messaging/sendMessage/dedup'
import { startEmulator, DEMO_CREDENTIALS } from '../../src/emulator'
import { targetTwilio } from '../../src/twilio-target'
import type { FaultOptions } from '../../src/emulator'

export { runFreshProcessScenario } from './fresh-process-run'
export type { FreshProcessOptions, FreshProcessReport } from './fresh-process-run'

export interface FaultRunOptions {
  events: number
  batchSize?: number
  /** Rounds with faults on; afterwards faults are switched off and failures redelivered until none remain. */
  faultRounds?: number
  sendTimeoutMs?: number
  faults?: FaultOptions
  /** Share of delivered events that are delivered again in every round. */
  redeliverShare?: number
}

export interface FaultRunReport {
  events: number
  batches: number
  rounds: number
  firstRound: { delivered: number; retryable: number; final: number; statuses: Record<string, number> }
  finalUndelivered: number
  nonRetryableErrors: string[]
  redeliveredDelivered: number
  emulatorAccepted: number
  distinctSidsReported: number
  duplicatesAtEmulator: number
  emulatorCounters: Record<string, number>
  ok: boolean
  problems: string[]
  seconds: number
}

const RETRYABLE = (status: number) =>
  status === 408 || status === 423 || status === 429 || (status >= 500 && status !== 501)

export const settings = {
  accountSID: DEMO_CREDENTIALS.accountSid,
  apiKeySID: DEMO_CREDENTIALS.apiKeySid,
  apiKeySecret: DEMO_CREDENTIALS.apiKeySecret
}

export const mapping = {
  channel: 'SMS',
  senderType: 'Phone number',
  contentTemplateType: 'Inline',
  toPhoneNumber: { '@path': '$.properties.phone' },
  fromPhoneNumber: '+14155550100',
  inlineBody: 'Order {{properties.order_id}} has shipped, {{first_name}}',
  messageId: { '@path': '$.messageId' }
}

export function faultEvent(i: number, runId: string) {
  return {
    type: 'track' as const,
    event: 'Order Shipped',
    messageId: `fault-${runId}-${i}`,
    timestamp: new Date().toISOString(),
    properties: { phone: `+1415${2000000 + i}`, order_id: `${runId}-${i}`, first_name: 'Ada' }
  }
}

export async function runFaultScenario(options: FaultRunOptions): Promise<FaultRunReport> {
  const started = Date.now()
  const batchSize = options.batchSize ?? 100
  const faults: FaultOptions = options.faults ?? {
    latencyMs: 5,
    latencyJitterMs: 300,
    rate429: 0.02,
    rate5xx: 0.05,
    rateDrop: 0.03,
    seed: 42
  }
  const emulator = await startEmulator({ faults })
  clearMemoryDedup()
  const sendTimeoutMs = options.sendTimeoutMs ?? 250
  const tuned = createTwilioMessaging({
    sendTimeoutMs,
    lookupTimeoutMs: 1000,
    eventDeadlineMs: sendTimeoutMs + 2000,
    batchDeadlineMs: 20_000
  })
  const destination = new Destination(targetTwilio(tuned, emulator.url))
  const runId = Math.random().toString(36).slice(2, 8)
  const events = Array.from({ length: options.events }, (_, i) => faultEvent(i, runId))
  const state = events.map(() => ({ delivered: false, sid: undefined as string | undefined, lastStatus: 0 }))
  const nonRetryableErrors: string[] = []
  const firstRound = { delivered: 0, retryable: 0, final: 0, statuses: {} as Record<string, number> }
  const redeliverShare = options.redeliverShare ?? 0.1
  let redeliveredDelivered = 0
  let batches = 0
  let round = 0
  const faultRounds = options.faultRounds ?? 3

  try {
    for (; round < faultRounds + 10; round++) {
      if (round === faultRounds) emulator.setFaults({ rate429: 0, rate5xx: 0, rateDrop: 0, latencyJitterMs: 0 })
      const pending = events
        .map((event, i) => ({ event, i }))
        .filter(({ i }, n) => !state[i].delivered || (round > 0 && n % Math.round(1 / redeliverShare) === round % 10))
      if (pending.length === 0) break
      if (round >= faultRounds && pending.every(({ i }) => state[i].delivered)) break
      for (let start = 0; start < pending.length; start += batchSize) {
        const slice = pending.slice(start, start + batchSize)
        batches++
        const results = await destination.executeBatch('sendMessage', {
          events: slice.map(({ event }) => event) as never,
          mapping,
          settings
        })
        destination.responses.length = 0
        results.forEach((result, k) => {
          const i = slice[k].i
          const status = result.status
          if (round === 0) firstRound.statuses[status] = (firstRound.statuses[status] ?? 0) + 1
          if (status >= 200 && status < 300) {
            const sid = (result as { body?: { sid?: string } }).body?.sid
            if (state[i].delivered) {
              redeliveredDelivered++
              if (sid !== state[i].sid) nonRetryableErrors.push(`event ${i}: redelivery reported another sid`)
            }
            state[i].delivered = true
            state[i].sid = sid
            if (round === 0) firstRound.delivered++
          } else if (RETRYABLE(status)) {
            if (state[i].delivered) nonRetryableErrors.push(`event ${i}: delivered earlier, now ${status}`)
            if (round === 0) firstRound.retryable++
          } else {
            if (round === 0) firstRound.final++
            nonRetryableErrors.push(
              `event ${i}: ${status} ${(result as { errormessage?: string }).errormessage ?? ''}`.slice(0, 200)
            )
          }
          state[i].lastStatus = status
        })
      }
    }

    const accepted = emulator.state.messages
    const byBody = new Map<string, number>()
    for (const message of accepted) byBody.set(String(message.body), (byBody.get(String(message.body)) ?? 0) + 1)
    const duplicatesAtEmulator = [...byBody.values()].filter((count) => count > 1).length
    const distinctSids = new Set(state.filter((s) => s.delivered).map((s) => s.sid))
    const finalUndelivered = state.filter((s) => !s.delivered).length
    const problems: string[] = []
    if (nonRetryableErrors.length) problems.push(`${nonRetryableErrors.length} non-retryable or inconsistent results`)
    if (finalUndelivered) problems.push(`${finalUndelivered} events never delivered`)
    if (accepted.length !== distinctSids.size)
      problems.push(`emulator accepted ${accepted.length}, destination reported ${distinctSids.size} distinct sids`)
    if (duplicatesAtEmulator) problems.push(`${duplicatesAtEmulator} messages accepted more than once`)
    if (accepted.length !== options.events) problems.push(`emulator accepted ${accepted.length} of ${options.events}`)
    return {
      events: options.events,
      batches,
      rounds: round,
      firstRound,
      finalUndelivered,
      nonRetryableErrors: nonRetryableErrors.slice(0, 20),
      redeliveredDelivered,
      emulatorAccepted: accepted.length,
      distinctSidsReported: distinctSids.size,
      duplicatesAtEmulator,
      emulatorCounters: { ...emulator.state.counters },
      ok: problems.length === 0,
      problems,
      seconds: (Date.now() - started) / 1000
    }
  } finally {
    await emulator.close()
  }
}
