// Sharing an account: the part given back and the growth weighed by the sender's share (account-share.ts), and four
// limiters on one simulated account that start far apart and even out, with the fake clock of the limiter harness.
import {
  ACCOUNT_CALLS_PER_GROWTH,
  AccountShare,
  FULL_SHARE_BACKOFF,
  SHARED_GROWTH_BOOST,
  SMALL_ACCOUNT
} from '../account-share'
import { fakeTime } from './__helpers__/limiter-harness'
import { simulateSharedAccount } from './__helpers__/shared-account'

/** An AccountShare whose account peak is the most it observed, as the limiter's AnswerTiming keeps it. */
function sharing(now: () => number): AccountShare {
  let peak = 0
  const share = new AccountShare(now, () => peak)
  const observe = share.observe.bind(share)
  share.observe = (ours, accountInFlight) => {
    peak = Math.max(peak, accountInFlight ?? 0)
    observe(ours, accountInFlight)
  }
  return share
}

describe('AccountShare', () => {
  it.each([
    // [our calls, the account's, limit, calls given back on full round trips in a row]
    ['the whole account (at most 10%)', 50, 50, 50, [5, 5, 5, 5]],
    ['half of it (two equal senders: 10%)', 50, 100, 50, [5, 5, 5, 5]],
    ['a quarter (four equal senders: 5%)', 25, 100, 25, [1, 1, 1, 2]],
    ['a twentieth: one call every fifth time', 5, 100, 20, [0, 0, 0, 0, 1]]
  ])(
    'holding %s gives back its share of FULL_SHARE_BACKOFF, what is owed carried over',
    (_, ours, account, limit, backs) => {
      const time = fakeTime()
      const share = sharing(time.now)
      share.observe(ours, account)
      const given = backs.map(() => {
        const calls = share.backOff(limit, 200)
        time.advance(200)
        return calls
      })
      expect(given).toEqual(backs)
      // Over many round trips, on average exactly the fraction the share says.
      let total = given.reduce((a, b) => a + b, 0)
      for (let trip = backs.length; trip < 100; trip++, time.advance(200)) total += share.backOff(limit, 200)
      expect(total).toBe(Math.floor(100 * limit * Math.min(0.1, FULL_SHARE_BACKOFF * (ours / account)) + 1e-9))
    }
  )

  it('on a small account, gives back 10% (at least one call) and grows one call per round trip, whatever its share', () => {
    const time = fakeTime()
    const share = sharing(time.now)
    share.observe(5, SMALL_ACCOUNT)
    const given = [5, 9, 25].map((limit) => {
      time.advance(200)
      return share.backOff(limit, 200)
    })
    expect(given).toEqual([1, 1, 3])
    expect(share.answersPerGrowth(5)).toBe(5)
    share.observe(5, SMALL_ACCOUNT + 1) // one call more: weighed by the share
    time.advance(200)
    expect(share.backOff(25, 200)).toBe(0) // 0.2 x 5/41 x 25 = 0.6 of a call, owed
  })

  it('gives back at most once per round trip (the first back-off takes that long to show in the count)', () => {
    const time = fakeTime()
    const share = sharing(time.now)
    share.observe(50, 100)
    expect(share.backOff(50, 200)).toBe(5)
    time.advance(199)
    expect(share.backOff(45, 200)).toBe(0)
    time.advance(1)
    expect(share.backOff(45, 200)).toBe(4)
    // A 429's own step back pays what is owed, and the next part waits a round trip.
    const small = sharing(time.now)
    small.observe(5, 100) // 0.2 x 5 / 100 x 50 = half a call per back-off
    expect(small.backOff(50, 200)).toBe(0)
    time.advance(200)
    small.refused(200)
    time.advance(199)
    expect(small.backOff(50, 200)).toBe(0)
    time.advance(1)
    expect(small.backOff(50, 200)).toBe(0) // half a call owed again, not one and a half
  })

  it('grows faster the less of a large account it holds; alone, never told, or on a small account, one call per round trip', () => {
    const share = sharing(fakeTime().now)
    expect(share.answersPerGrowth(30)).toBe(30)
    share.observe(100, 200)
    expect(share.answersPerGrowth(30)).toBe(30 / (1 + SHARED_GROWTH_BOOST / 2))
    share.observe(2, 200)
    expect(share.answersPerGrowth(30)).toBeCloseTo(30 / (1 + SHARED_GROWTH_BOOST * 0.99))
    share.observe(5, undefined) // no count: what was seen stays
    expect(share.answersPerGrowth(30)).toBeCloseTo(30 / (1 + SHARED_GROWTH_BOOST * 0.99))
    // An account that peaked at 100 calls: at most 100 / ACCOUNT_CALLS_PER_GROWTH calls per round trip, also once it
    // is below its peak; one that peaked at 40: one.
    const hundred = sharing(fakeTime().now)
    hundred.observe(1, 100)
    hundred.observe(1, 60)
    expect(hundred.answersPerGrowth(30)).toBe(30 / (100 / ACCOUNT_CALLS_PER_GROWTH))
    const forty = sharing(fakeTime().now)
    forty.observe(1, 40)
    expect(forty.answersPerGrowth(30)).toBe(30)
    share.forget() // the share back to 1 (alone): one call per round trip, whatever the peak
    expect(share.answersPerGrowth(30)).toBe(30)
  })

  it("forgets the share after a pause, not the account's peak, which the limiter keeps for a minute", () => {
    let peak = 100
    const share = new AccountShare(fakeTime().now, () => peak)
    share.observe(25, 100)
    share.forget()
    // Back from a pause, the account still counts 30: weighed as on the 100-call account it is (1 + 2 x 5/6 calls per
    // round trip, at most 100 / ACCOUNT_CALLS_PER_GROWTH), not as a small one (one call per round trip).
    share.observe(5, 30)
    expect(share.answersPerGrowth(30)).toBe(
      30 / Math.min(1 + SHARED_GROWTH_BOOST * (25 / 30), 100 / ACCOUNT_CALLS_PER_GROWTH)
    )
    peak = 0 // the limiter forgot (a minute idle): small until told otherwise
    expect(share.answersPerGrowth(30)).toBe(30)
  })
})

describe('limiters sharing one account (an idealised account: __helpers__/shared-account.ts)', () => {
  // One shuffle each here; test/limiter-sharing.test.ts runs five (the folder's suite stays short).
  it.each([
    ['two with the whole account, two with 2 calls', [50, 50, 2, 2]],
    ['one with 62 calls, the others 20, 12 and 10', [62, 20, 12, 10]]
  ])('four started far apart (%s) even out, the account kept busy, few 429s', async (_, starts) => {
    const run = await simulateSharedAccount(starts, 100, 1)
    // Each sender's share within 20% of a fair one (the rule before the weighing: 30-59% off).
    expect(run.worst).toBeLessThanOrEqual(0.2)
    expect(run.busy).toBeGreaterThanOrEqual(0.9)
    expect(run.refusedShare).toBeLessThanOrEqual(0.01)
  })

  it('four on a small account (20 calls) draw few 429s (weighed by their shares: 2.2-2.9%)', async () => {
    const run = await simulateSharedAccount([10, 10, 5, 5], 20, 1)
    expect(run.refusedShare).toBeLessThanOrEqual(0.01)
    expect(run.busy).toBeGreaterThanOrEqual(0.85)
  })
})
