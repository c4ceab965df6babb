// How many Create Message calls one account has in flight: Twilio limits concurrent requests per account, and that
// limit is shared by every process sending for the account, so no fixed number is right. This limiter learns it the
// way TCP learns a path's capacity (AIMD): start from a safe value, double per round trip while Twilio answers
// without 429s (slow start), then grow by about one per round trip; on a 429 (20429), Twilio's own word for "too many
// in flight", shrink multiplicatively, once per round trip (answers to requests sent before a back-off are old news).
// A failed connection says nothing about the account's limit (networks fail for other reasons), so it counts neither
// way.
// A burst of new work after a pause (the next batch) starts from the level learned, halved for every second the
// account was idle (RFC 2861: halve per retransmission timeout of idleness, whose minimum RFC 6298 sets at 1 s),
// never below the safe value, and slow-starts back up to the level learned: batches that follow each other keep
// the level, a pause lets other senders' use of the account weigh again. And it grows only on prompt answers: when
// answers come back much slower than the fastest, calls are queuing (at Twilio, or in a process short of CPU that
// cannot even get that many to Twilio), and more in flight would not help.
import { LRUCache } from 'lru-cache'

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
   * Refused with nothing left to learn: a 429 with the limit at its floor, or a third back-off in a row for 429s
   * without one answered call between them. The caller should stop sending for a while (the batch cool-down).
   */
  exhausted: boolean
}

export interface Permit {
  /** Gives the slot back; a second call is ignored. */
  release(signal: CapacitySignal): ReleaseVerdict
}

export interface AdaptiveConcurrencyOptions {
  /** Limit to start from (and to return to after `idleResetMs` without calls). Clamped to [floor, ceiling]. */
  initial: number
  /** Never more in flight than this. */
  ceiling: number
  /** Never fewer allowed than this (default 1). */
  floor?: number
  /** Multiplier applied on a back-off, in (0, 1) (default 0.7: about 85% of the limit kept on average). */
  backoffFactor?: number
  /** After this long with nothing in flight the learned limit is forgotten (default 60 s): other senders change. */
  idleResetMs?: number
  /** Milliseconds clock (default Date.now); tests pass a fake one. */
  now?: () => number
}

export const DEFAULT_BACKOFF_FACTOR = 0.7
export const DEFAULT_IDLE_RESET_MS = 60_000
/** Idle time that halves the level a new burst starts from (RFC 2861's decay per RTO; RFC 6298's minimum RTO). */
export const IDLE_HALVING_MS = 1000
/** Answers per window of the sliding fastest-answer time. */
const LATENCY_WINDOW = 500
/** Back-offs for 429s in a row, with no answered call between them, after which the limiter reports exhaustion. */
const EXHAUSTED_AFTER_BACKOFFS = 3

export class AdaptiveConcurrency {
  readonly ceiling: number
  readonly floor: number
  private readonly initial: number
  private readonly backoffFactor: number
  private readonly idleResetMs: number
  private readonly now: () => number
  /** The limit as a real number (a back-off multiplies it). */
  private window: number
  /** Slow start (doubling) below this, additive growth above it: the level learned so far. */
  private threshold: number
  /** After slow start: busy answered calls since the last +1 (one more slot per limit's worth of them). */
  private answeredSinceGrowth = 0
  /** Fastest answer (ms) of the previous and current window of answers, and of the current window. */
  private fastest = Infinity
  private fastestInWindow = Infinity
  private latencySamples = 0
  /** Counts back-offs; a permit remembers the epoch it was taken in. */
  private epoch = 0
  private backoffsInARow = 0
  private active = 0
  private lastActivity: number
  private readonly waiting: Array<(permit: Permit) => void> = []
  private waitingHead = 0

  constructor(options: AdaptiveConcurrencyOptions) {
    this.ceiling = Math.max(1, Math.floor(options.ceiling))
    this.floor = Math.min(this.ceiling, Math.max(1, Math.floor(options.floor ?? 1)))
    this.initial = Math.min(this.ceiling, Math.max(this.floor, Math.floor(options.initial)))
    const factor = options.backoffFactor ?? DEFAULT_BACKOFF_FACTOR
    this.backoffFactor = factor > 0 && factor < 1 ? factor : DEFAULT_BACKOFF_FACTOR
    this.idleResetMs = options.idleResetMs ?? DEFAULT_IDLE_RESET_MS
    this.now = options.now ?? Date.now
    this.window = this.initial
    this.threshold = this.ceiling
    this.lastActivity = this.now()
  }

  /** Calls allowed in flight now. */
  get limit(): number {
    return Math.floor(this.window)
  }

  get inFlight(): number {
    return this.active
  }

  get queued(): number {
    return this.waiting.length - this.waitingHead
  }

  /** Resolves with a permit once a slot is free, in arrival order. */
  acquire(): Promise<Permit> {
    if (this.active === 0 && this.queued === 0) this.restart(this.now() - this.lastActivity)
    if (this.active < this.limit && this.queued === 0) {
      this.active++
      return Promise.resolve(this.permit())
    }
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  /** Nothing in flight for `idleMs`: start from the level learned, decayed by the idle time (or forget it). */
  private restart(idleMs: number): void {
    if (idleMs >= this.idleResetMs) {
      this.threshold = this.ceiling
      this.window = this.initial
      this.backoffsInARow = 0
      this.fastest = this.fastestInWindow = Infinity
      this.latencySamples = 0
    } else {
      // Halved per second of idleness, never below the safe start (or the level itself, when that is lower): the
      // next batch of a steady stream keeps the level, where restarting from the safe value cost several round
      // trips of slow start at high latency. The threshold keeps the level, so slow start regains it.
      const reached = Math.floor(this.window)
      const decayed = Math.floor(reached * 2 ** (-Math.max(0, idleMs) / IDLE_HALVING_MS))
      this.threshold = Math.max(this.threshold, reached)
      this.window = Math.max(Math.min(this.window, this.initial), decayed)
    }
    this.answeredSinceGrowth = 0
  }

  private permit(): Permit {
    const epoch = this.epoch
    const started = this.now()
    let released = false
    return {
      release: (signal) => {
        if (released) return { backedOff: false, exhausted: false }
        released = true
        return this.release(epoch, signal, started)
      }
    }
  }

  private release(epoch: number, signal: CapacitySignal, started: number): ReleaseVerdict {
    // Busy: every slot was taken, so an answered call says the limit itself was safe (not just a lighter load).
    // Prompt: answered within twice the fastest recent answer. A slower answer means the calls wait somewhere (at
    // Twilio, or in this process when it is short of CPU), where more calls in flight would only wait longer.
    const prompt = signal === 'answered' && this.prompt(started)
    const busy = (this.active >= this.limit || this.queued > 0) && prompt
    this.active--
    this.lastActivity = this.now()
    const verdict = { backedOff: false, exhausted: false }
    if (signal === 'answered') {
      this.backoffsInARow = 0
      if (busy && this.window < this.threshold) this.window = Math.min(this.ceiling, this.window + 1)
      else if (busy && ++this.answeredSinceGrowth >= this.limit) {
        this.answeredSinceGrowth = 0
        this.window = Math.min(this.ceiling, this.window + 1)
      }
    } else if (signal === 'refused') {
      const atFloor = this.limit <= this.floor
      if (epoch === this.epoch) {
        // Only calls sent under the current limit may shrink it again.
        this.window = Math.max(this.floor, this.window * this.backoffFactor)
        this.threshold = this.window
        this.answeredSinceGrowth = 0
        this.epoch++
        this.backoffsInARow++
        verdict.backedOff = true
      }
      verdict.exhausted = atFloor || this.backoffsInARow >= EXHAUSTED_AFTER_BACKOFFS
    }
    this.wake()
    return verdict
  }

  private prompt(started: number): boolean {
    const latency = this.now() - started
    if (++this.latencySamples >= LATENCY_WINDOW) {
      // A sliding minimum: a base latency that rose for good is learned within one window.
      this.fastest = this.fastestInWindow
      this.fastestInWindow = Infinity
      this.latencySamples = 0
    }
    this.fastestInWindow = Math.min(this.fastestInWindow, latency)
    this.fastest = Math.min(this.fastest, latency)
    return latency <= 2 * this.fastest + 1
  }

  private wake(): void {
    while (this.active < this.limit && this.waitingHead < this.waiting.length) {
      const resolve = this.waiting[this.waitingHead]
      this.waiting[this.waitingHead++] = undefined as never
      if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
        this.waiting.splice(0, this.waitingHead)
        this.waitingHead = 0
      }
      this.active++
      resolve(this.permit())
    }
  }
}

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
