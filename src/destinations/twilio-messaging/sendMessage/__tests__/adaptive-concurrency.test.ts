import { AdaptiveConcurrency, accountLimiter, clearAccountLimiters } from '../adaptive-concurrency'
import type { Permit } from '../adaptive-concurrency'

/** A clock that never moves: every answer is as prompt as the fastest. */
const still = () => 0

/** A clock the test moves by hand. */
function fakeClock(start = 1_000_000) {
  let time = start
  return { now: () => time, advance: (ms: number) => (time += ms) }
}

/** Takes `n` permits that are granted at once (fails if one has to wait). */
async function take(limiter: AdaptiveConcurrency, n: number): Promise<Permit[]> {
  const permits: Permit[] = []
  for (let i = 0; i < n; i++) {
    let granted: Permit | undefined
    void limiter.acquire().then((permit) => (granted = permit))
    await Promise.resolve()
    if (!granted) throw new Error(`permit ${i + 1} of ${n} had to wait (limit ${limiter.limit})`)
    permits.push(granted)
  }
  return permits
}

const flush = () => new Promise((resolve) => setImmediate(resolve))

describe('AdaptiveConcurrency', () => {
  it('starts from the initial limit, clamped to the ceiling, and makes the rest wait in arrival order', async () => {
    expect(new AdaptiveConcurrency({ initial: 50, ceiling: 8, now: still }).limit).toBe(8)
    const limiter = new AdaptiveConcurrency({ initial: 2, ceiling: 10, now: still })
    const [a, b] = await take(limiter, 2)
    const order: string[] = []
    void limiter.acquire().then((permit) => (order.push('c'), permit.release('unused')))
    void limiter.acquire().then((permit) => (order.push('d'), permit.release('unused')))
    await flush()
    expect(order).toEqual([])
    expect(limiter.queued).toBe(2)
    a.release('unused')
    await flush()
    b.release('unused')
    await flush()
    expect(order).toEqual(['c', 'd'])
    expect(limiter.inFlight).toBe(0)
  })

  it('doubles per round trip while every slot is busy and Twilio answers, up to the ceiling', async () => {
    const limiter = new AdaptiveConcurrency({ initial: 4, ceiling: 12, now: still })
    // One round trip: the 4 in flight are answered while 4 more wait.
    const first = await take(limiter, 4)
    const waiting = Array.from({ length: 20 }, () => limiter.acquire())
    for (const permit of first) permit.release('answered')
    expect(limiter.limit).toBe(8)
    const second = await Promise.all(waiting.slice(0, 8))
    for (const permit of second) permit.release('answered')
    expect(limiter.limit).toBe(12)
    const rest = await Promise.all(waiting.slice(8))
    for (const permit of rest) permit.release('answered')
    expect(limiter.limit).toBe(12)
  })

  it('keeps the level learned after a back-off for a burst that follows at once, growing additively from it', async () => {
    const limiter = new AdaptiveConcurrency({ initial: 4, ceiling: 100, now: still })
    ;(await take(limiter, 1))[0].release('refused') // learned: 4 * 0.7 -> 2
    // Additive growth from 2 up to 6 with a backlog, then everything answered: nothing in flight.
    let inFlight = await take(limiter, 2)
    const backlog = Array.from({ length: 2 + 3 + 4 + 5 + 6 }, () => limiter.acquire())
    let next = 0
    for (const size of [3, 4, 5, 6]) {
      for (const permit of inFlight) permit.release('answered')
      inFlight = await Promise.all(backlog.slice(next, (next += size)))
    }
    for (const permit of inFlight) permit.release('answered')
    for (const permit of await Promise.all(backlog.slice(next))) permit.release('unused')
    expect(limiter.limit).toBe(6)
    // The next batch at once (no idle time): 6 at once, then +1 per round trip above the threshold a 429 set.
    const first = await take(limiter, 6)
    expect(limiter.limit).toBe(6)
    const more = Array.from({ length: 6 }, () => limiter.acquire()) // busy for every answer of the round trip
    for (const permit of first) permit.release('answered')
    expect(limiter.limit).toBe(7)
    for (const permit of await Promise.all(more)) permit.release('unused')
  })

  /** Slow start 4 -> 8 -> 16 -> 32 with a backlog, then everything answered (+1): nothing in flight, limit 33. */
  async function learn33(limiter: AdaptiveConcurrency): Promise<void> {
    let inFlight = await take(limiter, 4)
    const backlog = Array.from({ length: 8 + 16 + 32 }, () => limiter.acquire())
    let next = 0
    for (const size of [8, 16, 32]) {
      for (const permit of inFlight) permit.release('answered')
      inFlight = await Promise.all(backlog.slice(next, (next += size)))
    }
    for (const permit of inFlight) permit.release('answered')
    expect(limiter.limit).toBe(33)
  }

  it.each([
    // [idle ms before the next batch, permits granted at once]
    [0, 33], // the next batch of a steady stream keeps the level
    [999, 16], // 33 x 2^-0.999
    [1000, 16], // halved once per second of idleness (RFC 2861)
    [2000, 8],
    [5000, 4], // never below the safe start
    [60_000, 4] // forgotten
  ])('after %i ms idle, starts the next burst from %i at once, then slow-starts back', async (idleMs, atOnce) => {
    const clock = fakeClock()
    const limiter = new AdaptiveConcurrency({ initial: 4, ceiling: 100, now: clock.now })
    await learn33(limiter)
    clock.advance(idleMs)
    const first = await take(limiter, atOnce)
    expect(limiter.limit).toBe(atOnce)
    const waiting = Array.from({ length: 2 * atOnce }, () => limiter.acquire())
    await flush()
    expect(limiter.inFlight).toBe(atOnce) // the rest wait
    for (const permit of first) permit.release('answered')
    // Slow start: no 429 has set a threshold, so it doubles (up to the ceiling) as before the pause.
    expect(limiter.limit).toBe(atOnce * 2)
    for (const permit of await Promise.all(waiting)) permit.release('unused')
  })

  it('grows only on prompt answers: not while answers take more than twice the fastest one', async () => {
    const clock = fakeClock()
    const limiter = new AdaptiveConcurrency({ initial: 4, ceiling: 100, now: clock.now })
    const first = await take(limiter, 4)
    const backlog = Array.from({ length: 8 + 8 + 16 }, () => limiter.acquire())
    clock.advance(100)
    for (const permit of first) permit.release('answered') // 100 ms: the fastest so far
    expect(limiter.limit).toBe(8)
    const second = await Promise.all(backlog.slice(0, 8))
    clock.advance(250) // queuing somewhere: 250 ms > 2 x 100 ms
    for (const permit of second) permit.release('answered')
    expect(limiter.limit).toBe(8)
    const third = await Promise.all(backlog.slice(8, 16))
    clock.advance(150) // prompt again
    for (const permit of third) permit.release('answered')
    expect(limiter.limit).toBe(16)
    for (const permit of await Promise.all(backlog.slice(16))) permit.release('unused')
  })

  it('does not grow on answers while it is not busy (a light load proves nothing)', async () => {
    const limiter = new AdaptiveConcurrency({ initial: 10, ceiling: 100, now: still })
    for (let i = 0; i < 50; i++) (await take(limiter, 1))[0].release('answered')
    expect(limiter.limit).toBe(10)
  })

  it('backs off multiplicatively once per round trip, however many 429s that round trip brings', async () => {
    const limiter = new AdaptiveConcurrency({ initial: 20, ceiling: 100, now: still })
    const permits = await take(limiter, 20)
    const verdicts = permits.slice(0, 5).map((permit) => permit.release('refused'))
    expect(limiter.limit).toBe(14)
    expect(verdicts.map((verdict) => verdict.backedOff)).toEqual([true, false, false, false, false])
    // A call sent after the back-off that is refused too shrinks it again.
    for (const permit of permits.slice(5)) permit.release('answered')
    const [late] = await take(limiter, 1)
    expect(late.release('refused')).toEqual({ backedOff: true, exhausted: false })
    expect(limiter.limit).toBe(9)
  })

  it('after a back-off grows by about one per round trip', async () => {
    const limiter = new AdaptiveConcurrency({ initial: 10, ceiling: 100, now: still })
    ;(await take(limiter, 1))[0].release('refused')
    expect(limiter.limit).toBe(7)
    // A batch with a backlog: each round trip answers the calls in flight while more wait. +1 per round, not x2.
    let inFlight = await take(limiter, 7)
    const backlog = Array.from({ length: 7 + 8 + 9 + 10 }, () => limiter.acquire())
    let next = 0
    for (const expected of [8, 9, 10]) {
      for (const permit of inFlight) permit.release('answered')
      expect(limiter.limit).toBe(expected)
      inFlight = await Promise.all(backlog.slice(next, (next += expected)))
    }
    for (const permit of inFlight) permit.release('unused')
    for (const permit of await Promise.all(backlog.slice(next))) permit.release('unused')
  })

  it('never goes below the floor and reports exhaustion there', async () => {
    const limiter = new AdaptiveConcurrency({ initial: 1, ceiling: 1, now: still })
    expect((await take(limiter, 1))[0].release('refused')).toEqual({ backedOff: true, exhausted: true })
    expect(limiter.limit).toBe(1)
    const floored = new AdaptiveConcurrency({ initial: 10, ceiling: 10, floor: 4, now: still })
    for (let i = 0; i < 5; i++) (await take(floored, 1))[0].release('refused')
    expect(floored.limit).toBe(4)
  })

  it('reports exhaustion after three back-offs in a row, and an answered call ends the streak', async () => {
    const limiter = new AdaptiveConcurrency({ initial: 100, ceiling: 100, now: still })
    const refuse = async () => (await take(limiter, 1))[0].release('refused')
    expect((await refuse()).exhausted).toBe(false)
    expect((await refuse()).exhausted).toBe(false)
    ;(await take(limiter, 1))[0].release('answered')
    expect((await refuse()).exhausted).toBe(false)
    expect((await refuse()).exhausted).toBe(false)
    expect(await refuse()).toEqual({ backedOff: true, exhausted: true })
  })

  it('ignores unused permits and a second release', async () => {
    const limiter = new AdaptiveConcurrency({ initial: 3, ceiling: 10, now: still })
    const [a, b, c] = await take(limiter, 3)
    a.release('unused')
    expect(a.release('refused')).toEqual({ backedOff: false, exhausted: false })
    b.release('unused')
    c.release('unused')
    expect(limiter.limit).toBe(3)
    expect(limiter.inFlight).toBe(0)
  })

  it('forgets what it learned after the idle time with nothing in flight, not before', async () => {
    const clock = fakeClock()
    const limiter = new AdaptiveConcurrency({ initial: 10, ceiling: 100, idleResetMs: 60_000, now: clock.now })
    ;(await take(limiter, 1))[0].release('refused')
    expect(limiter.limit).toBe(7)
    clock.advance(59_999)
    ;(await take(limiter, 1))[0].release('unused')
    expect(limiter.limit).toBe(7)
    clock.advance(60_000)
    const [held] = await take(limiter, 1)
    expect(limiter.limit).toBe(10)
    // Still in flight: no reset however long the call takes.
    ;(await take(limiter, 1))[0].release('refused')
    clock.advance(120_000)
    await take(limiter, 1)
    expect(limiter.limit).toBe(7)
    held.release('unused')
  })
})

describe('accountLimiter', () => {
  afterEach(() => clearAccountLimiters())

  it('shares one limiter per account and starts a new one when the ceiling changes', () => {
    const a = accountLimiter('AC1', { initial: 5, ceiling: 10 })
    expect(accountLimiter('AC1', { initial: 5, ceiling: 10 })).toBe(a)
    expect(accountLimiter('AC2', { initial: 5, ceiling: 10 })).not.toBe(a)
    const resized = accountLimiter('AC1', { initial: 5, ceiling: 20 })
    expect(resized).not.toBe(a)
    expect(resized.ceiling).toBe(20)
  })
})
