// How long the action may spend, fixed per destination instance. Segment's runtime uses the defaults (the folder's
// default export); the dev tools, tests and benchmarks make an instance with other values through
// createTwilioMessaging() in ../index.ts. Nothing here is read from the environment.

export interface Tuning {
  /** The longest one Create Message call may take, in ms. */
  sendTimeoutMs: number
  /** The longest one look at Twilio's message list may take (settling a send that got no usable answer), in ms. */
  lookupTimeoutMs: number
  /** A `perform` answers within this, in ms: a send that cannot be settled by then is answered retryable. */
  eventDeadlineMs: number
  /** A `performBatch` answers within this, in ms: messages not sent by then are answered retryable, never sent. */
  batchDeadlineMs: number
  /** Create Message calls one process has in flight for one account at most (the limiter learns below it). */
  concurrencyCeiling: number
  /** The clock, in ms (tests pass a controlled one). */
  now: () => number
  /**
   * Sends go to a Twilio stand-in on this machine (the emulator, through the dev tools): media and status callback
   * URLs on loopback are let through, since that stand-in can reach them. Off in Segment, where Twilio never can.
   */
  localTwilio: boolean
}

/**
 * Segment gives an invocation about 10 s (one event) and 30 s (a batch) before it treats the answer as lost and
 * delivers the events again; these deadlines stay well under both. A send gets 4 s, most of a Twilio answer's worst
 * case, and leaves 1.5 s to look the message up when no usable answer came.
 */
export const DEFAULT_TUNING: Tuning = {
  sendTimeoutMs: 4000,
  lookupTimeoutMs: 1500,
  eventDeadlineMs: 6000,
  batchDeadlineMs: 20_000,
  concurrencyCeiling: 250,
  now: () => Date.now(),
  localTwilio: false
}

const DURATIONS = ['sendTimeoutMs', 'lookupTimeoutMs', 'eventDeadlineMs', 'batchDeadlineMs'] as const

/** The defaults with `overrides` applied; throws a TypeError naming the value a caller got wrong. */
export function tuningWith(overrides: Partial<Tuning> = {}): Tuning {
  const tuning: Tuning = { ...DEFAULT_TUNING, ...overrides }
  for (const name of DURATIONS) {
    const value = tuning[name]
    if (!Number.isInteger(value) || value < 1 || value > 600_000) {
      throw new TypeError(`Tuning ${name} must be a whole number of ms from 1 to 600000; got ${String(value)}.`)
    }
  }
  if (
    !Number.isInteger(tuning.concurrencyCeiling) ||
    tuning.concurrencyCeiling < 1 ||
    tuning.concurrencyCeiling > 1000
  ) {
    throw new TypeError(
      `Tuning concurrencyCeiling must be a whole number from 1 to 1000; got ${tuning.concurrencyCeiling}.`
    )
  }
  if (tuning.sendTimeoutMs + tuning.lookupTimeoutMs > tuning.eventDeadlineMs) {
    throw new TypeError('Tuning: sendTimeoutMs + lookupTimeoutMs must fit in eventDeadlineMs.')
  }
  if (tuning.eventDeadlineMs > tuning.batchDeadlineMs) {
    throw new TypeError('Tuning: eventDeadlineMs must not exceed batchDeadlineMs.')
  }
  if (typeof tuning.now !== 'function') throw new TypeError('Tuning now must be a function returning ms.')
  if (typeof tuning.localTwilio !== 'boolean') throw new TypeError('Tuning localTwilio must be true or false.')
  return tuning
}

/** A send is started only with this much time left for it (or the whole send timeout, when that is shorter). */
const MIN_SEND_MS = 1000

/** The time one invocation has left, and what fits in it. */
export class Deadline {
  private readonly endsAt: number

  constructor(readonly tuning: Tuning, budgetMs: number) {
    this.endsAt = tuning.now() + budgetMs
  }

  remaining(): number {
    return this.endsAt - this.tuning.now()
  }

  /** The timeout for a send that still leaves time to look it up; undefined when no useful send fits. */
  sendTimeout(): number | undefined {
    const room = Math.min(this.tuning.sendTimeoutMs, this.remaining() - this.tuning.lookupTimeoutMs)
    return room >= Math.min(MIN_SEND_MS, this.tuning.sendTimeoutMs) ? Math.floor(room) : undefined
  }

  /** The timeout for one look at the list; undefined when too little time is left. */
  lookupTimeout(): number | undefined {
    const room = Math.min(this.tuning.lookupTimeoutMs, this.remaining())
    return room >= Math.min(100, this.tuning.lookupTimeoutMs) ? Math.floor(room) : undefined
  }
}
