// What the timing of Twilio's answers tells the batch limiter (adaptive-concurrency.ts): the round trip (the fastest
// recent answer), how long a 429 takes to be read, how busy this process's event loop is, and whether other senders'
// calls are in flight for the account (Twilio's count of the account's calls above ours).

/** Answers per window of the sliding fastest-answer time. */
const LATENCY_WINDOW = 500
/** How long a refusal at the door is taken to need before one was seen (a loopback round trip and a busy loop). */
const FIRST_REFUSAL_MS = 10
/** Answers faster than this cannot tell a refusal at the door from one after the work (a local stand-in). */
const MIN_TELLING_MS = 10
/** The pause after a refusal at the floor before any answer has given a round trip. */
const FLOOR_PAUSE_MS = 100
/** Calls of the account in flight beyond ours, by Twilio's count, that show another sender. */
const OTHERS_SEEN = 2
/** Round trips another sender counts as present after its calls were last seen. */
const SHARED_ROUND_TRIPS = 10
/**
 * Round trips a 429 at the door vouches for the account's peak count as its limit (2 and 4 workers at 200 ms, one
 * run each, with the earlier 10% back-off: 30 left shares 0.35-1.78 of a fair share with 4 workers, 100 0.44-1.55,
 * and 2 workers within 6%).
 */
export const PEAK_VOUCHED_ROUND_TRIPS = 100

export class AnswerTiming {
  /** Fastest answer (ms) of the previous and current window of answers, and of the current window. */
  private fastest = Infinity
  private fastestInWindow = Infinity
  private samples = 0
  /** How long a refusal at the door takes to be read, smoothed. */
  private refusalMs = FIRST_REFUSAL_MS
  /** How late the last timer fired. */
  private loopLagMs = 0
  private sharedUntil = -Infinity
  /**
   * The most calls of the account in flight Twilio counted since the limiter last forgot (a minute idle). It only
   * rises: a peak that slid with the answers would follow the senders' own back-offs down, and the back-off at the
   * peak would then ratchet the account's use down (measured: 2 workers at 77-82% of the limit together, 87% without).
   * A spike above the real limit turns that early back-off off and, until the limiter forgets, has growth weighed as on
   * an account that large (account-share.ts, pauses included); the 429s still count.
   */
  private accountPeak = 0
  /** When the last 429 at the door was read. */
  private lastDoorRefusal = -Infinity

  constructor(private readonly now: () => number) {}

  /** The most calls of the account in flight Twilio counted since the limiter last forgot (0: never told). */
  get peak(): number {
    return this.accountPeak
  }

  /** The round trip: the fastest recent answer (Infinity before any). */
  get roundTrip(): number {
    return this.fastest
  }

  /** Another sender's calls were in flight lately. */
  get shared(): boolean {
    return this.now() < this.sharedUntil
  }

  /**
   * Whether Twilio took a call with the account (nearly) as full as it was ever seen, within a twentieth of the most
   * calls in flight Twilio counted, while a recent 429 at the door says that peak is the account's limit (without
   * one, the account may have room above it, and the senders probe for it). Shared, the senders back off on that
   * before the account refuses anything, and together, so their shares even out without 429s.
   */
  full(accountInFlight: number | undefined): boolean {
    if (accountInFlight === undefined || !Number.isFinite(this.lastDoorRefusal) || !Number.isFinite(this.fastest)) {
      return false
    }
    const vouched = this.now() - this.lastDoorRefusal <= PEAK_VOUCHED_ROUND_TRIPS * this.fastest
    return vouched && accountInFlight >= this.accountPeak - Math.max(1, this.accountPeak / 20)
  }

  /**
   * An answer after `latency` ms, `othersInFlight` the account's calls in flight beyond ours when Twilio took it
   * (if Twilio said). Returns whether it was prompt: within twice the fastest recent answer. A slower answer means
   * the calls wait somewhere (at Twilio, or in this process when it is short of CPU), where more would wait longer.
   */
  answered(latency: number, accountInFlight?: number, ours?: number): boolean {
    if (++this.samples >= LATENCY_WINDOW) {
      // A sliding minimum: a base latency that rose for good is learned within one window.
      this.fastest = this.fastestInWindow
      this.fastestInWindow = Infinity
      this.samples = 0
    }
    this.fastestInWindow = Math.min(this.fastestInWindow, latency)
    this.fastest = Math.min(this.fastest, latency)
    if (accountInFlight !== undefined) {
      this.accountPeak = Math.max(this.accountPeak, accountInFlight)
      if (ours !== undefined && accountInFlight - ours >= OTHERS_SEEN) {
        this.sharedUntil = this.now() + SHARED_ROUND_TRIPS * this.fastest
      }
    }
    return latency <= 2 * this.fastest + 1
  }

  /**
   * Whether a 429 after `latency` ms took three quarters of the fastest answer or more: not turned away at the door,
   * where Twilio's concurrency limit refuses before doing anything (when answers take long enough to tell).
   */
  slow(latency: number): boolean {
    return this.fastest >= MIN_TELLING_MS && 4 * latency >= 3 * this.fastest
  }

  /** A 429 taken as one at the door, read after `latency` ms. */
  doorRefusal(latency: number): void {
    this.lastDoorRefusal = this.now()
    this.refusalMs += (latency - this.refusalMs) / 4
  }

  /**
   * The time between two timer turns that let probes go: enough for `perTurn` probes to add `gain` calls per call
   * in flight per round trip, and no less than half the time a 429 takes to be read or the event loop's lag (a
   * probe beyond the limit is only known to be one when its 429 is read).
   */
  probeSpacing(perTurn: number, gain: number, inFlight: number): number {
    return Math.max((perTurn * this.fastest) / (gain * Math.max(1, inFlight)), this.refusalMs / 2, this.loopLagMs)
  }

  /** A timer due at `due` fired now: the event loop's lag. */
  timerFired(due: number): void {
    this.loopLagMs = Math.max(0, this.now() - due)
  }

  /** The pause after a refusal at the floor: a round trip. */
  floorPause(): number {
    return Number.isFinite(this.fastest) ? this.fastest : FLOOR_PAUSE_MS
  }

  /** Forgets the round trip (after a long idle time). */
  forget(): void {
    this.fastest = this.fastestInWindow = Infinity
    this.samples = 0
    this.accountPeak = 0
    this.lastDoorRefusal = -Infinity
  }
}
