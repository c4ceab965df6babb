// One limiter per Twilio account and process (adaptive-concurrency.ts), what a call tells it, and running a call
// under one of its permits.
import { LRUCache } from 'lru-cache'
import { AdaptiveConcurrency } from './adaptive-concurrency'
import { DEFAULT_IDLE_RESET_MS } from './limiter-settings'
import type { AdaptiveConcurrencyOptions } from './limiter-settings'

/** What a finished call says about Twilio's capacity. */
export type CapacitySignal =
  /** Twilio answered (any answer but 429): room to grow. */
  | 'answered'
  /** 429 / 20429: too many in flight. */
  | 'refused'
  /** No call was made (held back, answered from a record), or its outcome says nothing (a timeout, a reset). */
  | 'unused'

export interface ReleaseVerdict {
  /** This signal shrank the limit. */
  backedOff: boolean
  /**
   * Refused with nothing left to learn: a 429 with the limit at its floor (a refusal with nothing else in flight
   * brings it there). The caller should stop sending for a while (the batch cool-down).
   */
  exhausted: boolean
}

export interface Permit {
  /**
   * Gives the slot back; a second call is ignored. `accountInFlight`: Twilio's count of the account's requests in
   * flight when it took an answered call, itself included (its Twilio-Concurrent-Requests header), when it gave one.
   */
  release(signal: CapacitySignal, accountInFlight?: number): ReleaseVerdict
}

/**
 * What a call tells the limiter: its signal, or for an answer also Twilio's count of the account's requests in flight
 * when it took the call (see answered).
 */
export type CallOutcome = CapacitySignal | { signal: 'answered'; accountInFlight: number }

/** An answered call, with Twilio's Twilio-Concurrent-Requests header when the response has a usable one. */
export function answered(response?: { headers?: { get(name: string): string | null } }): CallOutcome {
  const header = response?.headers?.get('twilio-concurrent-requests')?.trim()
  // Decimal digits only (Number() would also take 0x10 or 1e3), and no count beyond any account's limit.
  if (header === undefined || !/^[1-9]\d{0,4}$/.test(header)) return 'answered'
  return { signal: 'answered', accountInFlight: Number(header) }
}

/**
 * Runs `task` once a slot is free and gives the slot back with what the task returns ('unused' if it throws).
 * `onVerdict` sees the limiter's verdict before any waiting task can start, so it can stop them (the cool-down).
 */
export async function withPermit(
  limiter: AdaptiveConcurrency,
  task: () => Promise<CallOutcome>,
  onVerdict?: (verdict: ReleaseVerdict) => void
): Promise<void> {
  const permit = await limiter.acquire()
  let outcome: CallOutcome
  try {
    outcome = await task()
  } catch (error) {
    // A throwing task still frees its slot; its error then propagates.
    permit.release('unused')
    throw error
  }
  // Synchronous with the release: the tasks it wakes run only after this.
  onVerdict?.(
    typeof outcome === 'string' ? permit.release(outcome) : permit.release(outcome.signal, outcome.accountInFlight)
  )
}

/**
 * One limiter per Twilio account and process, so that concurrent batches of one account share what was learned and
 * the next batch starts from it. Small and bounded (about 1 KB a limiter): at most 100 accounts, each forgotten after
 * a minute without a batch, when its limiter would start afresh anyway (DEFAULT_IDLE_RESET_MS).
 */
const limiters = new LRUCache<string, AdaptiveConcurrency>({
  max: 100,
  ttl: DEFAULT_IDLE_RESET_MS,
  updateAgeOnGet: true
})

export function accountLimiter(accountSid: string, options: AdaptiveConcurrencyOptions): AdaptiveConcurrency {
  const existing = limiters.get(accountSid)
  if (existing && existing.ceiling === Math.max(1, Math.floor(options.ceiling))) return existing
  const limiter = new AdaptiveConcurrency(options)
  limiters.set(accountSid, limiter)
  return limiter
}

/** The account's current limit and calls in flight, if it has a limiter (benchmarks, diagnostics). */
export function accountLimiterState(accountSid: string): { limit: number; inFlight: number } | undefined {
  const limiter = limiters.peek(accountSid)
  return limiter && { limit: limiter.limit, inFlight: limiter.inFlight }
}

/** Forgets every account's limiter (tests, benchmarks). */
export function clearAccountLimiters(): void {
  limiters.clear()
}
