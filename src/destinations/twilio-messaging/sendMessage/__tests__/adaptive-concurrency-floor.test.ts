// The limiter at its floor (pauses, exhaustion), across bursts (restart after idle, forgetting), growth only on
// prompt, busy answers, and the registry of limiters per account with Twilio's count header.
import { FLOOR_TRIES } from '../limiter-settings'
import { accountLimiter, answered, clearAccountLimiters } from '../account-limiters'
import { drain, flush, limiter, roundTrip, take, waiters } from './__helpers__/limiter-harness'

describe('AdaptiveConcurrency at the floor, across bursts and when idle', () => {
  it('at the floor, waits a round trip after each refusal; FLOOR_TRIES in a row, no answer between, is exhaustion', async () => {
    const { limiter: alone, time } = limiter({ initial: 3 })
    const [a, b, c] = await take(alone, 3)
    // The whole first burst refused: measured down to the floor, where the third is the first refusal.
    expect(a.release('refused')).toEqual({ backedOff: true, exhausted: false })
    expect(b.release('refused')).toEqual({ backedOff: true, exhausted: false })
    expect(alone.limit).toBe(1)
    expect(c.release('refused')).toEqual({ backedOff: true, exhausted: false })
    const refuseAtFloor = async (paused = true) => {
      const granted = waiters(alone, 1)
      await flush()
      expect(granted).toHaveLength(paused ? 0 : 1) // the pause after a refusal at the floor
      if (paused) {
        time.advance(100)
        time.turn()
        await flush()
      }
      // Refused at the door (at once): a refusal as slow as an answer would count only among many.
      return granted[0].release('refused')
    }
    expect(await refuseAtFloor()).toEqual({ backedOff: true, exhausted: false })
    // An answer between refusals starts the count again.
    const granted = waiters(alone, 1)
    time.advance(100)
    time.turn()
    await flush()
    time.advance(100) // answered in 100 ms: the round trip the pauses take from now on
    granted[0].release('answered')
    // Slow start took the answer for room (1 -> 3): the next refusal measures it down to 1 again.
    expect(alone.limit).toBe(3)
    expect(await refuseAtFloor(false)).toEqual({ backedOff: true, exhausted: false })
    expect(alone.limit).toBe(1)
    // At the floor again: the first refusal there goes at once, the others after a pause each.
    expect(await refuseAtFloor(false)).toEqual({ backedOff: true, exhausted: false })
    for (let refusal = 2; refusal < FLOOR_TRIES; refusal++) {
      expect(await refuseAtFloor()).toEqual({ backedOff: true, exhausted: false })
    }
    expect(await refuseAtFloor()).toEqual({ backedOff: true, exhausted: true })
  })

  it("one slow 429 at a batch's end, few calls left in flight, does not measure the room down to them", async () => {
    const { limiter: subject, time } = limiter({ initial: 10 })
    await roundTrip(time, await take(subject, 10), [], 10) // answered in 200 ms: slow start grows
    const level = subject.limit
    expect(level).toBeGreaterThan(10)
    // The batch's last 5 calls: 4 answered, the last refused as late as an answer (a random 429, not the door).
    const last = await take(subject, 5)
    time.advance(200)
    for (const permit of last.slice(0, 4)) permit.release('answered')
    expect(last[4].release('refused')).toEqual({ backedOff: false, exhausted: false })
    expect(subject.limit).toBe(level)
  })

  it('refusals at the floor before a pause of a second or more do not count towards the next burst', async () => {
    const { limiter: alone, time } = limiter({ initial: 1 })
    const [first] = await take(alone, 1)
    first.release('refused')
    for (let refusal = 2; refusal < FLOOR_TRIES; refusal++) {
      const granted = waiters(alone, 1)
      time.advance(100) // the pause after a refusal at the floor
      time.turn()
      await flush()
      expect(granted[0].release('refused').exhausted).toBe(false)
    }
    // One refusal short of exhaustion; then a second idle, and the next burst's first refusal is not the last straw.
    time.advance(1000)
    const [next] = await take(alone, 1)
    expect(next.release('refused')).toEqual({ backedOff: true, exhausted: false })
  })

  it('slow refusals before a pause of a second or more do not count towards the next burst', async () => {
    const { limiter: subject, time } = limiter({ initial: 20 })
    await roundTrip(time, await take(subject, 20), [], 20) // answered in 200 ms: the round trip
    const level = subject.limit
    // Two refusals as slow as an answer: below the count that makes slow refusals matter (a fifth of the calls).
    const slowOnes = await take(subject, 2)
    time.advance(200)
    for (const permit of slowOnes) expect(permit.release('refused').backedOff).toBe(false)
    // A second idle; the next burst's slow refusal is its first, not the third.
    time.advance(1000)
    const [next] = await take(subject, 1)
    const restarted = subject.limit
    time.advance(200)
    expect(next.release('refused').backedOff).toBe(false)
    expect(subject.limit).toBe(restarted)
    expect(restarted).toBeLessThanOrEqual(level)
  })

  it.each([
    // [idle ms before the next batch, permits granted at once]
    [0, 33], // the next batch of a steady stream keeps the level
    [999, 33], // less than a whole second: kept exactly
    [1000, 16], // halved once per whole second of idleness (RFC 2861)
    [2500, 8],
    [5000, 4], // never below the safe start
    [60_000, 4] // forgotten
  ])('after %i ms idle, starts the next burst from %i at once', async (idleMs, atOnce) => {
    const { limiter: subject, time } = limiter({ initial: 4, ceiling: 100 })
    const inFlight = await take(subject, 4)
    const granted = waiters(subject, 1000)
    await roundTrip(time, inFlight, granted, 100) // 4 -> 12
    await roundTrip(time, inFlight, granted, 100) // 12 -> 36
    await roundTrip(time, inFlight, granted, 33) // measured: 33
    await roundTrip(time, inFlight, granted, 33) // confirmed
    await drain(subject, time, inFlight, granted)
    expect(subject.limit).toBe(33)
    time.advance(idleMs)
    await take(subject, atOnce)
    expect(subject.limit).toBe(atOnce)
  })

  it("keeps the account's peak across a pause of a second: growth after it is weighed as on the account it shares", async () => {
    // Learns 12 calls on an account Twilio once counted at `peak` (a 429 at the door vouching for it), pauses 2 s, then
    // finds the account at 40 calls: above the level learned, it grows by 1 + 2 x (1 - 12/40) calls per round trip on a
    // 100-call account (account-share.ts), and by one call per round trip on an account never seen above 40.
    const grownAfterPause = async (peak: number) => {
      const { limiter: subject, time } = limiter({ initial: 4, ceiling: 100 })
      const inFlight = await take(subject, 4)
      const granted = waiters(subject, 100)
      await roundTrip(time, inFlight, granted, 100, 200, peak) // 4 -> 12
      await roundTrip(time, inFlight, granted, 12, 200, 40) // 12 -> 36, refused beyond 12 at the door: measured
      await roundTrip(time, inFlight, granted, 12, 200, 40) // confirmed
      await drain(subject, time, inFlight, granted)
      time.advance(2000)
      const back = await take(subject, 4) // 12 halved twice, not below the start: 4
      const next = waiters(subject, 1000)
      await roundTrip(time, back, next, 1000, 200, 40) // slow start back to the level learned
      const level = subject.limit
      for (let trip = 0; trip < 5; trip++) await roundTrip(time, back, next, 1000, 200, 40)
      const grown = subject.limit - level
      await drain(subject, time, back, next)
      return grown
    }
    expect(await grownAfterPause(100)).toBeGreaterThanOrEqual(9)
    expect(await grownAfterPause(40)).toBeLessThanOrEqual(6)
  })

  it('grows only on prompt answers: not while answers take more than twice the fastest one', async () => {
    const { limiter: subject, time } = limiter({ initial: 4, ceiling: 100 })
    const inFlight = await take(subject, 4)
    const granted = waiters(subject, 100)
    await roundTrip(time, inFlight, granted, 100, 100) // 100 ms: the fastest so far
    expect(subject.limit).toBe(12)
    await roundTrip(time, inFlight, granted, 100, 250) // queuing somewhere: 250 ms > 2 x 100 ms
    expect(subject.limit).toBe(12)
    await roundTrip(time, inFlight, granted, 100, 150) // prompt again
    expect(subject.limit).toBe(36)
    for (const permit of [...inFlight, ...granted]) permit.release('unused')
  })

  it('does not grow on answers while it is not busy (a light load proves nothing)', async () => {
    const { limiter: subject } = limiter({ initial: 10, ceiling: 100 })
    for (let i = 0; i < 50; i++) (await take(subject, 1))[0].release('answered')
    expect(subject.limit).toBe(10)
  })

  it('ignores unused permits and a second release', async () => {
    const { limiter: subject } = limiter({ initial: 3, ceiling: 10 })
    const [a, b, c] = await take(subject, 3)
    a.release('unused')
    expect(a.release('refused')).toEqual({ backedOff: false, exhausted: false })
    b.release('unused')
    c.release('unused')
    expect(subject.limit).toBe(3)
    expect(subject.inFlight).toBe(0)
  })

  it('forgets what it learned after the idle time with nothing in flight, not before', async () => {
    const { limiter: subject, time } = limiter({ initial: 10, ceiling: 100 })
    const permits = await take(subject, 10)
    permits.slice(4).forEach((permit) => permit.release('refused')) // measured: room for 4
    permits.slice(0, 4).forEach((permit) => permit.release('answered'))
    expect(subject.limit).toBe(4)
    time.advance(59_999)
    ;(await take(subject, 1))[0].release('unused')
    expect(subject.limit).toBe(4)
    time.advance(60_000)
    const [held] = await take(subject, 1)
    expect(subject.limit).toBe(10)
    held.release('unused')
  })
})

describe('accountLimiter', () => {
  afterEach(() => clearAccountLimiters())

  it("reads Twilio's count of the account's requests in flight from an answer, when there is a usable one", () => {
    const withHeader = (value: string | null) => ({ headers: { get: () => value } })
    expect(answered(withHeader('17'))).toEqual({ signal: 'answered', accountInFlight: 17 })
    expect(answered(withHeader(' 250 '))).toEqual({ signal: 'answered', accountInFlight: 250 })
    for (const unusable of [null, '', '0', '-3', '2.5', 'many', '0x10', '1e3', '017', '123456'])
      expect(answered(withHeader(unusable))).toBe('answered')
    expect(answered(undefined)).toBe('answered')
  })

  it('shares one limiter per account and starts a new one when the ceiling changes', () => {
    const a = accountLimiter('AC1', { initial: 5, ceiling: 10 })
    expect(accountLimiter('AC1', { initial: 5, ceiling: 10 })).toBe(a)
    expect(accountLimiter('AC2', { initial: 5, ceiling: 10 })).not.toBe(a)
    const resized = accountLimiter('AC1', { initial: 5, ceiling: 20 })
    expect(resized).not.toBe(a)
    expect(resized.ceiling).toBe(20)
  })
})
