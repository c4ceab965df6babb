// The batch limiter's options and constants (adaptive-concurrency.ts explains what each does).

export interface AdaptiveConcurrencyOptions {
  /** Limit to start from (and to return to after `idleResetMs` without calls). Clamped to [floor, ceiling]. */
  initial: number
  /** Never more in flight than this. */
  ceiling: number
  /** Never fewer allowed than this (default 1). */
  floor?: number
  /** After this long with nothing in flight the learned limit is forgotten (default 60 s): other senders change. */
  idleResetMs?: number
  /** Milliseconds clock (default Date.now); tests pass a fake one. */
  now?: () => number
  /** Runs `callback` after `ms` (default setTimeout): probes wait on it. Tests pass a fake one. */
  schedule?: (callback: () => void, ms: number) => void
}

export const DEFAULT_IDLE_RESET_MS = 60_000
/** Idle time that halves the level a new burst starts from (RFC 2861's decay per RTO; RFC 6298's minimum RTO). */
export const IDLE_HALVING_MS = 1000
/** Alone, above the level learned: round trips of answers before one more call in flight (a probe)... */
export const PROBE_ROUND_TRIPS = 4
/** ... and at most, after the same level was refused again and again. */
export const MAX_PROBE_ROUND_TRIPS = 16
/** Shared: the share of the limit kept on a 429 (AIMD). */
export const SHARED_BACKOFF = 0.7
/** Slow start: more calls allowed per answered one (the limit triples per round trip, the probes spaced). */
export const SLOW_START_GAIN = 2
/** Probes let out per timer turn (see mayGrant). */
export const PROBES_PER_TURN = 2
/** Answers that make up for one slow refusal: slow refusals count once they are more than a fifth of the calls. */
export const ANSWERS_PER_SLOW_REFUSAL = 4
/** Refusals in a row at the floor, a round trip apart, that are exhaustion. */
export const FLOOR_TRIES = 10
