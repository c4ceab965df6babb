// Fault injection: added latency and shares of 429s, 5xx and dropped connections, decided per request by a
// seeded PRNG so a run with the same seed and the same request order injects the same faults; and an account
// concurrency limit, as Twilio enforces one per account (more requests in flight than the limit -> 429 / 20429).

export interface FaultOptions {
  /** Delay added before answering, in milliseconds. */
  latencyMs?: number
  /** Extra random delay in [0, latencyJitterMs) added on top of latencyMs. */
  latencyJitterMs?: number
  /** Share (0..1) of requests answered 429 / 20429. */
  rate429?: number
  /** Share (0..1) of requests answered 500 / 20500 or 503 / 20503. */
  rate5xx?: number
  /** Share (0..1) of requests whose connection is destroyed without an answer. */
  rateDrop?: number
  /** PRNG seed (default 1). */
  seed?: number
  /**
   * Requests of the account in flight at once (from arrival until the answer is written, latency included) beyond
   * which a request is answered 429 / 20429 at once, without latency and without doing anything. 0: no limit.
   */
  concurrencyLimit?: number
  /**
   * 1 (default): every request let in carries Twilio-Concurrent-Requests, the account's requests in flight (Twilio's
   * page for error 45780, https://www.twilio.com/docs/api/errors/45780, names it as the count to watch); 0: without
   * it, to measure senders that never see the count.
   */
  concurrencyHeader?: number
}

export type Fault = 'drop' | '429' | '500' | '503'

export interface FaultDecision {
  delayMs: number
  fault?: Fault
}

export type ResolvedFaults = Required<FaultOptions>

const clampRate = (value: number | undefined) =>
  Number.isFinite(value) ? Math.min(1, Math.max(0, value as number)) : 0
const clampMs = (value: number | undefined) => (Number.isFinite(value) ? Math.max(0, value as number) : 0)

export function resolveFaults(options: FaultOptions = {}): ResolvedFaults {
  return {
    latencyMs: clampMs(options.latencyMs),
    latencyJitterMs: clampMs(options.latencyJitterMs),
    rate429: clampRate(options.rate429),
    rate5xx: clampRate(options.rate5xx),
    rateDrop: clampRate(options.rateDrop),
    seed: Number.isFinite(options.seed) ? Math.floor(options.seed as number) : 1,
    concurrencyLimit: Math.floor(clampMs(options.concurrencyLimit)),
    concurrencyHeader: options.concurrencyHeader === 0 ? 0 : 1
  }
}

/** mulberry32: small, fast, good enough to spread faults; not for anything secret. */
export function createPrng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export class FaultInjector {
  private settings: ResolvedFaults
  private random: () => number
  private inFlight = 0
  /** The most requests admitted at once since the last reset. */
  peakInFlight = 0

  constructor(options: FaultOptions = {}) {
    this.settings = resolveFaults(options)
    this.random = createPrng(this.settings.seed)
  }

  /** Whether answers carry Twilio-Concurrent-Requests. */
  get concurrencyHeader(): boolean {
    return this.settings.concurrencyHeader === 1
  }

  get current(): ResolvedFaults {
    return { ...this.settings }
  }

  /** Replaces the knobs given (others keep their value); a new seed restarts the PRNG. */
  set(options: FaultOptions): ResolvedFaults {
    this.settings = resolveFaults({ ...this.settings, ...options })
    if (options.seed !== undefined) this.random = createPrng(this.settings.seed)
    return this.current
  }

  /** Restarts the PRNG from the seed (used by reset); the in-flight peak starts again from the current count. */
  reseed(): void {
    this.random = createPrng(this.settings.seed)
    this.peakInFlight = this.inFlight
  }

  /**
   * Admits one more request unless `concurrencyLimit` are already in flight. An admitted request must call `leave()`
   * exactly once, when its answer is done or its connection is gone.
   */
  enter(): boolean {
    const limit = this.settings.concurrencyLimit
    if (limit > 0 && this.inFlight >= limit) return false
    this.inFlight++
    if (this.inFlight > this.peakInFlight) this.peakInFlight = this.inFlight
    return true
  }

  /** Requests admitted and not yet answered (or gone). */
  get inFlightNow(): number {
    return this.inFlight
  }

  leave(): void {
    this.inFlight = Math.max(0, this.inFlight - 1)
  }

  /** Independent draws, in this order: drop, 429, 5xx (500 or 503 half and half), jitter. */
  decide(): FaultDecision {
    const { latencyMs, latencyJitterMs, rate429, rate5xx, rateDrop } = this.settings
    const delayMs = latencyMs + (latencyJitterMs > 0 ? Math.floor(this.random() * latencyJitterMs) : 0)
    if (rateDrop > 0 && this.random() < rateDrop) return { delayMs, fault: 'drop' }
    if (rate429 > 0 && this.random() < rate429) return { delayMs, fault: '429' }
    if (rate5xx > 0 && this.random() < rate5xx) return { delayMs, fault: this.random() < 0.5 ? '500' : '503' }
    return { delayMs }
  }
}
