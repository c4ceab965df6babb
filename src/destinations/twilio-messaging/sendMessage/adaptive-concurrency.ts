// How many Create Message calls one account has in flight. Twilio limits the requests an account has in flight at
// once and refuses the others at the door with 429 / 20429, before doing anything; the limit is shared by every
// process sending for the account, so no fixed number is right. This limiter learns the room it has from Twilio's
// answers, as TCP learns a path's capacity, with three differences that come from what a 20429 is: a count of calls
// in flight, answered at once.
// - A refusal measures. While nothing sent under the current limit has been answered (a first burst, the calls
//   right after a change) or slow start is still growing, the room is at most what is still in flight once the
//   refusals are back: a first burst of 50 against a limit of 20 comes down to 20 as its 30 refusals return,
//   where backing off once per round of refusals took three rounds and read as exhaustion.
// - A refusal of a limit that worked steps back by one call, not by a third: the limit is a number of calls, so
//   just under it loses nothing. Probing above it again waits PROBE_ROUND_TRIPS round trips (twice as long each
//   time the same level is refused again), so a lone sender pays about one 429 per few hundred calls. Senders that
//   share the account converge on even shares all the same: a probe takes its slot from whichever sender's call
//   frees one next, so the larger senders lose slots more often and every sender probes at the same pace.
// - Latency. A refusal as slow as an answer was not turned away at the door and says little about the calls in
//   flight (a random 429 must not drive the limit to the floor): only when they make up a large share of the
//   answers do they count. The limit grows only on prompt answers (calls that wait somewhere, at Twilio or in a
//   process short of CPU, would only wait longer), and the probes of more calls in flight are spaced over the round
//   trip, so that the 429 saying the limit is reached is read before many more go.
// A burst of new work after a pause (the next batch) starts from the level learned, halved per whole second idle
// (RFC 2861), never below the safe start; after a minute idle the limit is forgotten.

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
/** Above the level learned, round trips of answers before trying one more call in flight. */
export const PROBE_ROUND_TRIPS = 4
/** ... and at most, after the same level was refused again and again. */
export const MAX_PROBE_ROUND_TRIPS = 16
/** Slow start: more calls allowed per answered one (the limit triples per round trip, the probes spaced). */
const SLOW_START_GAIN = 2
/** Probes let out per timer turn (see mayGrant). */
const PROBES_PER_TURN = 2
/** Answers that make up for one slow refusal: slow refusals count once they are more than a fifth of the calls. */
const ANSWERS_PER_SLOW_REFUSAL = 4
/** Answers faster than this cannot tell a refusal at the door from one after the work (a local stand-in). */
const MIN_TELLING_MS = 10
/** Answers per window of the sliding fastest-answer time. */
const LATENCY_WINDOW = 500

export class AdaptiveConcurrency {
  readonly ceiling: number
  readonly floor: number
  private readonly initial: number
  private readonly idleResetMs: number
  private readonly now: () => number
  private readonly schedule: (callback: () => void, ms: number) => void
  /** Calls allowed in flight. */
  private window: number
  /** Slow start below this, probing above it: the level learned. */
  private threshold: number
  /** Slots growth added that no call has taken yet: they go to probes, spaced (see mayGrant). */
  private unprobed = 0
  /** Above the threshold: busy answers since the last growth, the round trips one growth takes, and its size. */
  private answeredSinceGrowth = 0
  private probeRoundTrips = PROBE_ROUND_TRIPS
  private step = 1
  /** The limit grew since it last changed otherwise. */
  private grown = false
  /** The limit whose last call was refused by the latest step back (0: none). */
  private refusedLimit = 0
  /** Fastest answer (ms) of the previous and current window of answers, and of the current window. */
  private fastest = Infinity
  private fastestInWindow = Infinity
  private latencySamples = 0
  /** Counts changes of the limit; a permit remembers the epoch it was taken in. */
  private epoch = 0
  /** A call taken since the limit last changed was answered: the limit works. */
  private confirmed = false
  /** Slow refusals not yet made up for by answers. */
  private slowRefusals = 0
  private pacing = false
  private probesThisTurn = 0
  private active = 0
  private lastActivity: number
  private readonly waiting: Array<(permit: Permit) => void> = []
  private waitingHead = 0

  constructor(options: AdaptiveConcurrencyOptions) {
    this.ceiling = Math.max(1, Math.floor(options.ceiling))
    this.floor = Math.min(this.ceiling, Math.max(1, Math.floor(options.floor ?? 1)))
    this.initial = Math.min(this.ceiling, Math.max(this.floor, Math.floor(options.initial)))
    this.idleResetMs = options.idleResetMs ?? DEFAULT_IDLE_RESET_MS
    this.now = options.now ?? Date.now
    this.schedule = options.schedule ?? ((callback, ms) => setTimeout(callback, ms))
    this.window = this.initial
    this.threshold = this.ceiling
    this.lastActivity = this.now()
  }

  /** Calls allowed in flight now. */
  get limit(): number {
    return this.window
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
    if (this.queued === 0 && this.mayGrant(false)) {
      this.active++
      return Promise.resolve(this.permit())
    }
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  /** Nothing in flight for `idleMs`: start from the level learned, halved per whole second idle (or forget it). */
  private restart(idleMs: number): void {
    if (idleMs >= this.idleResetMs) {
      this.threshold = this.ceiling
      this.window = this.initial
      this.fastest = this.fastestInWindow = Infinity
      this.latencySamples = 0
      this.probeRoundTrips = PROBE_ROUND_TRIPS
      this.unprobed = 0
    } else if (idleMs >= IDLE_HALVING_MS) {
      // Never below the safe start, or the level itself when that is lower; the threshold keeps the level, so slow
      // start regains it. Batches that follow each other within a second keep the level exactly: one call fewer in
      // flight can cost a whole round trip at the end of a batch.
      const reached = this.window
      this.threshold = Math.max(this.threshold, reached)
      this.window = Math.max(
        Math.min(reached, this.initial),
        Math.floor(reached / 2 ** Math.floor(idleMs / IDLE_HALVING_MS))
      )
    }
    this.unprobed = Math.min(this.unprobed, this.window)
    this.answeredSinceGrowth = 0
  }

  /**
   * Whether one more call may go now. A slot freed by an answer is taken again at once; a slot growth added (a
   * probe of more calls in flight) only from a timer, a few per turn and spaced over the round trip: probes let
   * out while a burst of answers is handled would all be out before the 429 saying the limit is reached could be
   * read, while between two timer turns Node reads the answers that have come in.
   */
  private mayGrant(onTimer: boolean): boolean {
    if (this.active >= this.window) return false
    if (this.active < this.window - this.unprobed) return true
    if (onTimer && this.probesThisTurn < PROBES_PER_TURN) {
      this.probesThisTurn++
      this.unprobed--
      return true
    }
    if (!this.pacing) {
      this.pacing = true
      this.schedule(() => {
        this.pacing = false
        this.probesThisTurn = 0
        this.wake(true)
      }, this.fastest / (2 * this.window))
    }
    return false
  }

  private permit(): Permit {
    const epoch = this.epoch
    const level = this.active
    const started = this.now()
    let released = false
    return {
      release: (signal) => {
        if (released) return { backedOff: false, exhausted: false }
        released = true
        return this.release(epoch, level, signal, started)
      }
    }
  }

  private release(epoch: number, level: number, signal: CapacitySignal, started: number): ReleaseVerdict {
    const latency = this.now() - started
    // Busy: every slot was taken, so an answered call says the limit itself was safe (not just a lighter load).
    const busy = this.active >= this.window || this.queued > 0
    this.active--
    this.lastActivity = this.now()
    const verdict = { backedOff: false, exhausted: false }
    if (signal === 'answered') {
      this.slowRefusals = Math.max(0, this.slowRefusals - 1 / ANSWERS_PER_SLOW_REFUSAL)
      // Only calls sent under the current limit speak for it, and only prompt ones (within twice the fastest
      // recent answer) for more.
      const prompt = this.prompt(latency)
      if (epoch === this.epoch) {
        this.confirmed = true
        if (busy && prompt) this.grow()
      }
    } else if (signal === 'refused') {
      this.refused(epoch, level, latency, verdict)
    }
    this.wake(false)
    return verdict
  }

  private grow(): void {
    let more = 0
    // Slow start, as long as the probes it allowed go out: never more than three times the calls in flight.
    if (this.window < this.threshold) more = this.unprobed < 2 * (this.window - this.unprobed) ? SLOW_START_GAIN : 0
    else if (++this.answeredSinceGrowth >= this.window * this.probeRoundTrips) {
      this.answeredSinceGrowth = 0
      if (this.grown) {
        // The last growth held for a whole wait: room again (another sender left?), so each growth doubles.
        this.step = Math.min(2 * this.step, Math.max(1, Math.floor(this.window / 8)))
        this.probeRoundTrips = PROBE_ROUND_TRIPS
      }
      this.grown = true
      more = this.step
    }
    more = Math.min(more, this.ceiling - this.window)
    this.window += more
    this.unprobed += more
  }

  private refused(epoch: number, level: number, latency: number, verdict: ReleaseVerdict): void {
    // Turned away at the door unless it took three quarters of the fastest answer or more (when answers take long
    // enough for the difference to tell).
    const slow = this.fastest >= MIN_TELLING_MS && 4 * latency >= 3 * this.fastest
    if (slow && ++this.slowRefusals < Math.max(2, this.window / 8)) return
    this.slowRefusals = 0
    const before = this.window
    if (!this.confirmed || before < this.threshold) {
      // Measured: at most what is still in flight, the refusals that came back before this one no longer counted.
      const room = Math.max(this.floor, this.active)
      if (room < before) this.change(room)
      // The level learned, unless the call went out well below the limit (a batch's last calls, or while slow
      // start's probes were waiting), when the limit is worth trying again once the room is back.
      if (2 * level >= before - this.unprobed) this.threshold = this.window
    } else if (epoch === this.epoch) {
      // A limit that worked: one call fewer, once per change (even when the call went out with few others, as a
      // batch's last calls do: the limit that worked stays the guide). The same limit refused again waits longer
      // before the next probe.
      this.probeRoundTrips =
        before === this.refusedLimit ? Math.min(MAX_PROBE_ROUND_TRIPS, 2 * this.probeRoundTrips) : PROBE_ROUND_TRIPS
      this.refusedLimit = before
      this.change(Math.max(this.floor, before - 1))
      this.threshold = this.window
    } else return // sent under an earlier limit: old news
    verdict.backedOff = true
    verdict.exhausted = before <= this.floor
  }

  private change(window: number): void {
    this.window = window
    this.unprobed = 0
    this.answeredSinceGrowth = 0
    this.step = 1
    this.grown = false
    this.epoch++
    this.confirmed = false
  }

  private prompt(latency: number): boolean {
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

  private wake(onTimer: boolean): void {
    while (this.waitingHead < this.waiting.length && this.mayGrant(onTimer)) {
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
