// How many Create Message calls one account has in flight. Twilio refuses the requests beyond the account's limit
// at the door (429 / 20429), and every process sending for the account shares that limit, so it is learned from
// Twilio's answers (docs/performance.md#adaptive-batch-concurrency), knowing that a 20429 is a count of calls in
// flight, answered at once:
// - a refusal measures: until a call sent under the limit, all its slots in use, is answered, the room is at most
//   what is still in flight once the refusals are back (a burst of 50 against 20 comes down to 20 in one go);
// - alone, a limit that worked and is refused steps back one call, the next probe waits PROBE_ROUND_TRIPS round
//   trips (twice as long each time the same limit is refused again); shared with other senders (Twilio's
//   Twilio-Concurrent-Requests above our own count), 30% back on a 429, and when Twilio takes a call with the account
//   as full as it was ever seen, before any 429, a part weighed by our share of the account (account-share.ts), as
//   growth is, so that shares even out (without the header: as if alone);
// - latency (answer-timing.ts): slow 429s count only when many, growth only on prompt answers, probes spaced over
//   the round trip and the time a 429 takes to be read, a round trip's pause after a refusal at the floor.
// The next batch starts from the level learned, halved per whole second idle (RFC 2861); a minute idle forgets it.
import { AccountShare } from './account-share'
import { AnswerTiming } from './answer-timing'
import { WaitingLine } from './waiting-line'
import type { CapacitySignal, Permit, ReleaseVerdict } from './account-limiters'
import {
  ANSWERS_PER_SLOW_REFUSAL,
  DEFAULT_IDLE_RESET_MS,
  FLOOR_TRIES,
  IDLE_HALVING_MS,
  MAX_PROBE_ROUND_TRIPS,
  PROBES_PER_TURN,
  PROBE_ROUND_TRIPS,
  SHARED_BACKOFF,
  SLOW_START_GAIN
} from './limiter-settings'
import type { AdaptiveConcurrencyOptions } from './limiter-settings'

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
  /** Above the threshold: busy answers since the last growth, the round trips one growth takes, its size, whether
   * the limit grew since it last changed otherwise, and the limit the latest step back was from. */
  private answeredSinceGrowth = 0
  private probeRoundTrips = PROBE_ROUND_TRIPS
  private step = 1
  private grown = false
  private refusedLimit = 0
  private readonly timing: AnswerTiming
  private readonly share: AccountShare
  /** Counts changes of the limit; a permit remembers the epoch it was taken in. */
  private epoch = 0
  /** A call taken since the limit last changed was answered: the limit works. */
  private confirmed = false
  /** Slow refusals not yet made up for by answers. */
  private slowRefusals = 0
  /** A timer is set to look at the waiting calls again (spaced probes, the pause after a refusal at the floor),
   * probes let go on this turn, and refusals at the floor since the last answered call. */
  private pacing = false
  private probesThisTurn = 0
  private pausedUntil = -Infinity
  private floorRefusals = 0
  private active = 0
  private lastActivity: number
  private readonly waiting = new WaitingLine<(permit: Permit) => void>()

  constructor(options: AdaptiveConcurrencyOptions) {
    this.ceiling = Math.max(1, Math.floor(options.ceiling))
    this.floor = Math.min(this.ceiling, Math.max(1, Math.floor(options.floor ?? 1)))
    this.initial = Math.min(this.ceiling, Math.max(this.floor, Math.floor(options.initial)))
    this.idleResetMs = options.idleResetMs ?? DEFAULT_IDLE_RESET_MS
    this.now = options.now ?? Date.now
    this.schedule = options.schedule ?? ((callback, ms) => setTimeout(callback, ms))
    this.timing = new AnswerTiming(this.now)
    this.share = new AccountShare(this.now, () => this.timing.peak)
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
    return this.waiting.length
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
      this.timing.forget()
      this.share.forget()
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
    if (idleMs >= IDLE_HALVING_MS) {
      // A burst after a pause: refusals before it, at the floor or slow, do not count towards its own, and the
      // account's senders may have changed.
      this.floorRefusals = 0
      this.slowRefusals = 0
      this.share.forget()
    }
  }

  /**
   * Whether one more call may go now. A slot freed by an answer is taken again at once; a slot growth added (a
   * probe of more calls in flight) only from a timer, a few per turn and spaced over the round trip: probes let
   * out while a burst of answers is handled would all be out before the 429 saying the limit is reached could be
   * read, while between two timer turns Node reads the answers that have come in.
   */
  private mayGrant(onTimer: boolean): boolean {
    if (this.active >= this.window) return false
    const pause = this.pausedUntil - this.now()
    if (pause > 0) {
      this.later(pause)
      return false
    }
    if (this.active < this.window - this.unprobed) return true
    if (onTimer && this.probesThisTurn < PROBES_PER_TURN) {
      this.probesThisTurn++
      this.unprobed--
      return true
    }
    this.later(this.timing.probeSpacing(PROBES_PER_TURN, SLOW_START_GAIN, this.window - this.unprobed))
    return false
  }

  /** Looks at the waiting calls again in `ms`, from a timer (one at a time). */
  private later(ms: number): void {
    if (this.pacing) return
    this.pacing = true
    const due = this.now() + ms
    this.schedule(() => {
      this.timing.timerFired(due)
      this.pacing = false
      this.probesThisTurn = 0
      this.wake(true)
    }, ms)
  }

  private permit(): Permit {
    const epoch = this.epoch
    const level = this.active
    const started = this.now()
    let released = false
    return {
      release: (signal, accountInFlight) => {
        if (released) return { backedOff: false, exhausted: false }
        released = true
        return this.release(epoch, level, signal, started, accountInFlight)
      }
    }
  }

  private release(
    epoch: number,
    level: number,
    signal: CapacitySignal,
    started: number,
    accountInFlight: number | undefined
  ): ReleaseVerdict {
    const latency = this.now() - started
    // Busy: every slot was taken, so an answered call says the limit itself was safe (not just a lighter load).
    const busy = this.active >= this.window || this.queued > 0
    this.active--
    this.lastActivity = this.now()
    const verdict = { backedOff: false, exhausted: false }
    if (signal === 'answered') {
      this.floorRefusals = 0
      this.slowRefusals = Math.max(0, this.slowRefusals - 1 / ANSWERS_PER_SLOW_REFUSAL)
      // Only calls sent under the current limit speak for it, and only prompt ones for more.
      const prompt = this.timing.answered(latency, accountInFlight, level)
      this.share.observe(level, accountInFlight)
      if (epoch === this.epoch) {
        this.confirmed = true
        // Shared, and Twilio took the call with the account full: a part back, as on a 429, but before one. Growth
        // goes on there (4 workers at 200 ms, 6 runs each: stopping it left the worker furthest off a fair share
        // 16-67% off, instead of 13-35%).
        const atPeak = this.timing.shared && this.timing.full(accountInFlight) && this.window >= this.threshold
        const back = atPeak ? this.share.backOff(this.window, this.timing.roundTrip) : 0
        if (back > 0) {
          this.change(Math.max(this.floor, this.window - back))
          this.threshold = this.window
          verdict.backedOff = true
        } else if (busy && prompt) this.grow()
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
    else if (this.timing.shared) {
      if (++this.answeredSinceGrowth >= this.share.answersPerGrowth(this.window)) {
        this.answeredSinceGrowth = 0
        more = 1
      }
    } else if (++this.answeredSinceGrowth >= this.window * this.probeRoundTrips) {
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
    const before = this.window
    // Measured (below) until a call sent under the limit, with all of its slots in use, was answered.
    const measuring = !this.confirmed || before < this.threshold || this.unprobed > 0
    // Slow refusals (not at the door: random ones) count only when many, measuring too (at a batch's end few calls
    // are in flight, and one random 429 would measure the room down to them); the floor takes every refusal, as
    // there is nothing left to protect there.
    const slow = before > this.floor && this.timing.slow(latency)
    if (slow && ++this.slowRefusals < Math.max(2, this.window / 8)) return
    this.slowRefusals = 0
    if (!slow) this.timing.doorRefusal(latency)
    if (measuring) {
      // Measured: at most what is still in flight, the refusals that came back before this one no longer counted.
      const room = Math.max(this.floor, this.active)
      if (room < before) this.change(room)
      // The level learned, unless no call was ever answered yet (a first burst into an account others fill: slow
      // start resumes once answers come, to take the room they leave), or the call went out well below the limit
      // (a batch's last calls, or while slow start's probes were waiting).
      if (Number.isFinite(this.timing.roundTrip) && 2 * level >= before - this.unprobed) this.threshold = this.window
    } else if (epoch === this.epoch && this.timing.shared) {
      // Other senders' calls were in flight: a share of the limit back, the larger senders giving up more.
      this.change(Math.max(this.floor, Math.floor(before * SHARED_BACKOFF)))
      this.share.refused(this.timing.roundTrip)
      this.threshold = this.window
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
    if (before > this.floor) return
    // Refused at the floor: the next call waits a round trip (calls of other senders end meanwhile, and one of
    // their slots may be ours), and FLOOR_TRIES refusals in a row there, no answer between, are exhaustion.
    this.pausedUntil = this.now() + this.timing.floorPause()
    verdict.exhausted = ++this.floorRefusals >= FLOOR_TRIES
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

  private wake(onTimer: boolean): void {
    while (this.waiting.length > 0 && this.mayGrant(onTimer)) {
      const resolve = this.waiting.shift() as (permit: Permit) => void
      this.active++
      resolve(this.permit())
    }
  }
}
