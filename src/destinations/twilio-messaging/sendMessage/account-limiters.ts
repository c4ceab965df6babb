// One limiter per Twilio account and process (adaptive-concurrency.ts), and running a call under one of its permits.
import { LRUCache } from 'lru-cache'
import { AdaptiveConcurrency, DEFAULT_IDLE_RESET_MS } from './adaptive-concurrency'
import type { AdaptiveConcurrencyOptions, CapacitySignal, ReleaseVerdict } from './adaptive-concurrency'

/**
 * Runs `task` once a slot is free and gives the slot back with the signal the task returns ('unused' if it throws).
 * `onVerdict` sees the limiter's verdict before any waiting task can start, so it can stop them (the cool-down).
 */
export async function withPermit(
  limiter: AdaptiveConcurrency,
  task: () => Promise<CapacitySignal>,
  onVerdict?: (verdict: ReleaseVerdict) => void
): Promise<void> {
  const permit = await limiter.acquire()
  let signal: CapacitySignal
  try {
    signal = await task()
  } catch (error) {
    // A throwing task still frees its slot; its error then propagates.
    permit.release('unused')
    throw error
  }
  // Synchronous with the release: the tasks it wakes run only after this.
  onVerdict?.(permit.release(signal))
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
