// Sharing an account: the part given back and the growth weighed by the sender's share (account-share.ts), and four
// limiters on one fake account that start far apart and even out, with the fake clock of the limiter harness.
import { AccountShare, FULL_SHARE_BACKOFF, SHARED_GROWTH_BOOST } from '../account-share'
import type { Permit } from '../account-limiters'
import { drain, fakeTime, flush, limiter, take, waiters } from './__helpers__/limiter-harness'

describe('AccountShare', () => {
  it.each([
    // [our calls, the account's, limit, calls given back on full round trips in a row]
    ['the whole account', 20, 20, 20, [4, 4, 4, 4]],
    ['half of it (two equal senders: 10%)', 20, 40, 20, [2, 2, 2, 2]],
    ['a quarter (four equal senders: 5%)', 25, 100, 25, [1, 1, 1, 2]],
    ['a twentieth: one call every fifth time', 5, 100, 20, [0, 0, 0, 0, 1]]
  ])(
    'holding %s gives back its share of FULL_SHARE_BACKOFF, what is owed carried over',
    (_, ours, account, limit, backs) => {
      const time = fakeTime()
      const share = new AccountShare(time.now)
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
      expect(total).toBe(Math.floor(100 * limit * FULL_SHARE_BACKOFF * (ours / account) + 1e-9))
    }
  )

  it('gives back at most once per round trip (the first back-off takes that long to show in the count)', () => {
    const time = fakeTime()
    const share = new AccountShare(time.now)
    share.observe(50, 100)
    expect(share.backOff(50, 200)).toBe(5)
    time.advance(199)
    expect(share.backOff(45, 200)).toBe(0)
    time.advance(1)
    expect(share.backOff(45, 200)).toBe(4)
  })

  it('grows faster the less of the account it holds; alone, or never told, one call per round trip', () => {
    const share = new AccountShare(fakeTime().now)
    expect(share.answersPerGrowth(30)).toBe(30)
    share.observe(10, 20)
    expect(share.answersPerGrowth(30)).toBe(30 / (1 + SHARED_GROWTH_BOOST / 2))
    share.observe(1, 100)
    expect(share.answersPerGrowth(30)).toBeCloseTo(30 / (1 + SHARED_GROWTH_BOOST * 0.99))
    share.observe(5, undefined) // no count: the share stays
    expect(share.answersPerGrowth(30)).toBeCloseTo(30 / (1 + SHARED_GROWTH_BOOST * 0.99))
    share.forget()
    expect(share.answersPerGrowth(30)).toBe(30)
  })
})

describe('four limiters sharing one account', () => {
  // A Twilio account with room for LIMIT calls in flight: each round trip takes the senders' calls in a shuffled
  // order, refuses at the door (1 ms) those beyond LIMIT, and answers the others `ms` later with its count of the
  // account's calls in flight (Twilio-Concurrent-Requests), as the emulator does.
  const LIMIT = 100
  // A seeded generator (mulberry32), so that every run shuffles alike.
  let seed = 20
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  async function accountRoundTrip(
    time: ReturnType<typeof fakeTime>,
    senders: Array<{ inFlight: Permit[]; granted: Permit[] }>,
    ms = 200
  ): Promise<{ taken: number[]; refused: number }> {
    // The senders' calls reach Twilio in no particular order: a seeded shuffle (Fisher-Yates).
    const order: Array<[number, Permit]> = senders.flatMap((sender, s) =>
      sender.inFlight.splice(0).map((permit): [number, Permit] => [s, permit])
    )
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[order[i], order[j]] = [order[j], order[i]]
    }
    const taken = senders.map(() => 0)
    time.advance(1)
    for (const [, permit] of order.slice(LIMIT)) permit.release('refused')
    await flush()
    time.advance(ms - 1)
    const answered = order.slice(0, LIMIT)
    for (const [s, permit] of answered) {
      taken[s]++
      permit.release('answered', answered.length)
    }
    await flush()
    for (let turns = 0; turns < 200 && time.pending > 0; turns++) {
      time.turn()
      await flush()
    }
    for (const sender of senders) sender.inFlight.push(...sender.granted.splice(0))
    return { taken, refused: Math.max(0, order.length - LIMIT) }
  }

  it.each([
    ['two with the whole account, two with 2 calls', [50, 50, 2, 2]],
    ['one with 62 calls, the others 20, 12 and 10', [62, 20, 12, 10]]
  ])('started far apart (%s), they take even shares after 10 round trips', async (_, starts) => {
    const time = fakeTime()
    const senders = await Promise.all(
      starts.map(async (initial) => {
        const { limiter: subject } = limiter({ initial }, time)
        return { subject, inFlight: await take(subject, initial), granted: waiters(subject, 100_000) }
      })
    )
    // A first round trip that answers every call puts the account at its limit; a 429 at the door then vouches for
    // that peak as the account's limit.
    await accountRoundTrip(time, senders)
    const taken = senders.map(() => 0)
    let refused = 0
    let calls = 0
    for (let trip = 1; trip <= 40; trip++) {
      const result = await accountRoundTrip(time, senders)
      if (trip > 10) {
        result.taken.forEach((count, s) => (taken[s] += count))
        refused += result.refused
        calls += result.refused + result.taken.reduce((a, b) => a + b, 0)
      }
    }
    const fair = taken.reduce((a, b) => a + b, 0) / senders.length
    for (const count of taken) expect(Math.abs(count / fair - 1)).toBeLessThanOrEqual(0.2)
    // Together they keep the account busy, with few 429s.
    expect((fair * senders.length) / (30 * LIMIT)).toBeGreaterThanOrEqual(0.85)
    expect(refused / calls).toBeLessThanOrEqual(0.02)
    for (const sender of senders) await drain(sender.subject, time, sender.inFlight, sender.granted)
  })
})
