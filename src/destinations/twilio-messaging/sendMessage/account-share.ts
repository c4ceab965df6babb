// How a sender that shares its Twilio account with others (Twilio-Concurrent-Requests above its own calls in flight,
// answer-timing.ts) gives room back and takes it, so that the senders' shares even out (adaptive-concurrency.ts).
// Every sender sees the same account count but only its own calls, so none can know how many others there are or
// what a fair share is; each weighs what it does by its own share of the account instead:
// - with the account full, it gives back FULL_SHARE_BACKOFF of its limit per whole account it holds, at most 10% (two
//   equal senders 10% each, four 5%; one holding half of it among four 10%, one holding a twentieth 1%), so the
//   largest give most back (a sender alone but for calls Twilio still counts, as after a timeout, gives back 10% as
//   before);
// - growing, it adds 1 + SHARED_GROWTH_BOOST x (1 - its share) calls per round trip, so the smallest take most of the
//   room the others give back, but at most one call per ACCOUNT_CALLS_PER_GROWTH calls of the account;
// - on a small account (its peak SMALL_ACCOUNT calls in flight or fewer) it gives back 10%, at least one call, and
//   grows by one call per round trip, as before this weighing: there the fractions of a call weigh too little against
//   the senders' growth (four senders from 10/10/5/5 on a 20-call account, in the simulation of
//   __tests__/__helpers__/shared-account.ts: 2.2-2.9% of calls refused weighed, none shared as before).
// With a back-off proportional to the limit alone (10% each) and growth of one call per round trip, 4 workers at
// 200 ms that started unevenly stayed at 0.26-1.99 of a fair share for a whole run (docs/performance.md).

/** The share of its limit a sender holding the whole account gives back when the account is full. */
export const FULL_SHARE_BACKOFF = 0.2
/** Extra calls per round trip a sender grows by, per share of the account it does not hold... */
export const SHARED_GROWTH_BOOST = 2
/** ... and the account's calls in flight per call of growth per round trip (a 100-call account: 2.5). */
export const ACCOUNT_CALLS_PER_GROWTH = 40
/** An account with this many calls in flight or fewer is shared as before the weighing (see above). */
export const SMALL_ACCOUNT = 40
/** On a small account: the share of its limit a sender gives back (at least one call); elsewhere, the most. */
const SMALL_ACCOUNT_BACKOFF = 0.1

export class AccountShare {
  /** Our calls in flight over the account's, when Twilio last counted them (1: alone, or never told). */
  private share = 1
  /** The back-off owed that is not yet a whole call: a small share gives back one call only every few times. */
  private owed = 0
  /** No back-off before this: at most one per round trip, as one takes that long to show in Twilio's count. */
  private nextBackOff = -Infinity

  /**
   * `accountPeak`: the most calls of the account in flight Twilio counted (0: never told), kept by the limiter's
   * AnswerTiming, the one peak the limiter has: it is the account's, so a pause of ours does not forget it.
   */
  constructor(private readonly now: () => number, private readonly accountPeak: () => number) {}

  private get peak(): number {
    return this.accountPeak()
  }

  /** An answer to a call taken with `ours` calls of ours in flight and `accountInFlight` of the account's. */
  observe(ours: number, accountInFlight: number | undefined): void {
    if (accountInFlight === undefined || accountInFlight <= 0) return
    this.share = Math.min(1, ours / accountInFlight)
  }

  /**
   * Twilio took a call with the account full: how many calls of `limit` to give back now (0 when it was already done
   * within `roundTrip` ms, or when what is owed is not yet a whole call).
   */
  backOff(limit: number, roundTrip: number): number {
    const now = this.now()
    if (now < this.nextBackOff) return 0
    this.nextBackOff = now + roundTrip
    if (this.peak <= SMALL_ACCOUNT) return limit - Math.floor(limit * (1 - SMALL_ACCOUNT_BACKOFF))
    this.owed += limit * Math.min(SMALL_ACCOUNT_BACKOFF, FULL_SHARE_BACKOFF * this.share)
    const calls = Math.floor(this.owed + 1e-9) // 5 x 0.2 is a whole call, whatever the rounding
    this.owed -= calls
    return calls
  }

  /** Answers (a round trip's are `limit`) that make one call more in flight. */
  answersPerGrowth(limit: number): number {
    if (this.peak <= SMALL_ACCOUNT) return limit
    const perRoundTrip = 1 + SHARED_GROWTH_BOOST * (1 - this.share)
    return limit / Math.min(perRoundTrip, this.peak / ACCOUNT_CALLS_PER_GROWTH)
  }

  /** A 429 took its own part back: what was owed is paid, and no part goes back within `roundTrip` ms. */
  refused(roundTrip: number): void {
    this.owed = 0
    this.nextBackOff = this.now() + roundTrip
  }

  /** Forgets the share and what is owed (after an idle time: other senders change). */
  forget(): void {
    this.share = 1
    this.owed = 0
    this.nextBackOff = -Infinity
  }
}
