// The limiter with a fake clock and a fake timer: every test is deterministic, none waits on real time.
import { AdaptiveConcurrency, FLOOR_TRIES, MAX_PROBE_ROUND_TRIPS, PROBE_ROUND_TRIPS } from '../adaptive-concurrency'
import type { Permit } from '../account-limiters'
import { accountLimiter, answered, clearAccountLimiters } from '../account-limiters'

/** A clock the test moves by hand, and timers that run when the test says so. */
function fakeTime(start = 1_000_000) {
  let time = start
  let timers: Array<() => void> = []
  return {
    now: () => time,
    schedule: (callback: () => void) => void timers.push(callback),
    advance: (ms: number) => (time += ms),
    /** Runs the timers set so far (a turn of the event loop). */
    turn() {
      const due = timers
      timers = []
      due.forEach((callback) => callback())
    },
    get pending() {
      return timers.length
    }
  }
}

function limiter(options: { initial: number; ceiling?: number; floor?: number }, time = fakeTime()) {
  return {
    time,
    limiter: new AdaptiveConcurrency({ ceiling: 250, ...options, now: time.now, schedule: time.schedule })
  }
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

/** Gives every permit back unused (the limit stays) until nothing is in flight or waiting. */
async function drain(
  subject: AdaptiveConcurrency,
  time: ReturnType<typeof fakeTime>,
  inFlight: Permit[],
  granted: Permit[]
) {
  for (const permit of inFlight.splice(0)) permit.release('unused')
  while (subject.inFlight > 0 || subject.queued > 0 || granted.length > 0) {
    await flush()
    for (const permit of granted.splice(0)) permit.release('unused')
    time.turn()
  }
}

/** Waiting acquires, collected as they are granted. */
function waiters(limiter: AdaptiveConcurrency, n: number): Permit[] {
  const granted: Permit[] = []
  for (let i = 0; i < n; i++) void limiter.acquire().then((permit) => granted.push(permit))
  return granted
}

/**
 * One round trip against a Twilio with room for `room` calls of ours: the calls in flight beyond it are refused at
 * the door (1 ms), the others answered `ms` later; then the timer turns until the probes are out, and the calls
 * granted meanwhile are the next round trip's.
 */
async function roundTrip(
  time: ReturnType<typeof fakeTime>,
  inFlight: Permit[],
  granted: Permit[],
  room: number,
  ms = 200,
  accountInFlight?: number
) {
  const calls = inFlight.splice(0)
  time.advance(1)
  for (const permit of calls.slice(room)) permit.release('refused')
  await flush()
  time.advance(ms - 1)
  for (const permit of calls.slice(0, room)) permit.release('answered', accountInFlight)
  await flush()
  for (let turns = 0; turns < 200 && time.pending > 0; turns++) {
    time.turn()
    await flush()
  }
  inFlight.push(...granted.splice(0))
}

describe('AdaptiveConcurrency', () => {
  it('starts from the initial limit, clamped to the ceiling, and makes the rest wait in arrival order', async () => {
    expect(limiter({ initial: 50, ceiling: 8 }).limiter.limit).toBe(8)
    const { limiter: subject } = limiter({ initial: 2, ceiling: 10 })
    const [a, b] = await take(subject, 2)
    const order: string[] = []
    void subject.acquire().then((permit) => (order.push('c'), permit.release('unused')))
    void subject.acquire().then((permit) => (order.push('d'), permit.release('unused')))
    await flush()
    expect(order).toEqual([])
    expect(subject.queued).toBe(2)
    a.release('unused')
    await flush()
    b.release('unused')
    await flush()
    expect(order).toEqual(['c', 'd'])
    expect(subject.inFlight).toBe(0)
  })

  it('slow start triples per round trip; the added slots go only on timer turns, a few at a time', async () => {
    const { limiter: subject, time } = limiter({ initial: 4, ceiling: 100 })
    const first = await take(subject, 4)
    const granted = waiters(subject, 100)
    time.advance(200)
    for (const permit of first) permit.release('answered')
    await flush()
    // The 4 freed slots are taken again at once; the 8 that growth added wait for the timer.
    expect(subject.limit).toBe(12)
    expect(granted).toHaveLength(4)
    expect(time.pending).toBe(1)
    time.turn()
    await flush()
    expect(granted).toHaveLength(6)
    for (let turn = 0; turn < 3; turn++) {
      time.turn()
      await flush()
    }
    expect(granted).toHaveLength(12)
    expect(time.pending).toBe(0)
    for (const permit of granted.splice(0)) permit.release('unused')
  })

  it('measures the room from a first burst refused beyond it: down to what is in flight, and no exhaustion', async () => {
    // 50 at once against an account with room for 20: the 30 beyond are refused at the door, before any answer.
    const { limiter: subject, time } = limiter({ initial: 50 })
    const burst = await take(subject, 50)
    const waiting = waiters(subject, 30)
    time.advance(2)
    const verdicts = burst.slice(20).map((permit) => permit.release('refused'))
    await flush()
    expect(subject.limit).toBe(20)
    expect(verdicts.every((verdict) => !verdict.exhausted)).toBe(true)
    expect(waiting).toHaveLength(0) // the resends wait for the 20 to be answered
    time.advance(198)
    for (const permit of burst.slice(0, 20)) permit.release('answered')
    await flush()
    expect(subject.limit).toBe(20) // learned: no slow start above it
    expect(waiting).toHaveLength(20)
    for (const permit of waiting.splice(0)) permit.release('unused')
  })

  it('steps a limit that worked back by one call when Twilio refuses it, not by a share', async () => {
    const { limiter: subject, time } = limiter({ initial: 10 })
    const inFlight = await take(subject, 10)
    const granted = waiters(subject, 2000)
    await roundTrip(time, inFlight, granted, 10) // answered: slow start to 30
    await roundTrip(time, inFlight, granted, 24) // the account has room for 24: measured, learned
    expect(subject.limit).toBe(24)
    // Held at 24 for PROBE_ROUND_TRIPS round trips, then one more; refused, it steps back to 24.
    const limits: number[] = []
    for (let trip = 0; trip < 2 + PROBE_ROUND_TRIPS; trip++) {
      await roundTrip(time, inFlight, granted, 24)
      limits.push(subject.limit)
    }
    expect(Math.min(...limits)).toBe(24)
    expect(Math.max(...limits)).toBe(25)
    expect(subject.limit).toBe(24)
    for (const permit of [...inFlight, ...granted]) permit.release('unused')
  })

  it('waits twice as long before probing a level refused again, up to MAX_PROBE_ROUND_TRIPS', async () => {
    const { limiter: subject, time } = limiter({ initial: 10 })
    const inFlight = await take(subject, 10)
    const granted = waiters(subject, 20_000)
    await roundTrip(time, inFlight, granted, 10)
    await roundTrip(time, inFlight, granted, 20)
    // Count the round trips between probes of 21 (each refused).
    const probesAt: number[] = []
    for (let trip = 0; trip < 80; trip++) {
      const before = subject.limit
      await roundTrip(time, inFlight, granted, 20)
      if (before === 21) probesAt.push(trip)
    }
    const gaps = probesAt.slice(1).map((trip, i) => trip - probesAt[i])
    // The first probe after learning waits PROBE_ROUND_TRIPS; each refusal of the same level doubles the wait.
    expect(gaps.slice(0, 3)).toEqual([PROBE_ROUND_TRIPS + 1, 2 * PROBE_ROUND_TRIPS + 1, 4 * PROBE_ROUND_TRIPS + 1])
    expect(Math.max(...gaps)).toBe(MAX_PROBE_ROUND_TRIPS + 1)
    for (const permit of [...inFlight, ...granted]) permit.release('unused')
  })

  it.each([
    // [Twilio's count of the account's calls in flight on answers, limit after a 429, round trips per probe]
    ['none (no header)', undefined, 19, PROBE_ROUND_TRIPS],
    ['no more than ours', 1, 19, PROBE_ROUND_TRIPS],
    ["another sender's too", 60, 14, 1] // a share back (x 0.7), and a probe every round trip
  ])('Twilio counting %s: a 429 of a limit that worked steps back to %i', async (_, count, after, probeTrips) => {
    const { limiter: subject, time } = limiter({ initial: 10 })
    const inFlight = await take(subject, 10)
    const granted = waiters(subject, 20_000)
    // The account was seen fuller once (40 more), so 60 in flight is not "full" (see the next test).
    await roundTrip(time, inFlight, granted, 10, 200, count === 60 ? 100 : count)
    await roundTrip(time, inFlight, granted, 20, 200, count) // measured: 20
    await roundTrip(time, inFlight, granted, 20, 200, count) // confirmed
    time.advance(1)
    inFlight.shift()?.release('refused')
    await flush()
    expect(subject.limit).toBe(after)
    // Then one more call in flight per probeTrips round trips (the first probe after a step back).
    const limits: number[] = []
    for (let trip = 0; trip < 2 * probeTrips + 1; trip++) {
      await roundTrip(time, inFlight, granted, 100, 200, count)
      limits.push(subject.limit)
    }
    expect(limits.indexOf(after + 1)).toBe(probeTrips)
    await drain(subject, time, inFlight, granted)
  })

  it('shared, backs off to 90% when Twilio takes a call with the account as full as ever seen, before any 429', async () => {
    const { limiter: subject, time } = limiter({ initial: 10 })
    const inFlight = await take(subject, 10)
    const granted = waiters(subject, 20_000)
    await roundTrip(time, inFlight, granted, 10, 200, 60)
    await roundTrip(time, inFlight, granted, 20, 200, 60) // measured: 20, the account at its peak of 60
    await roundTrip(time, inFlight, granted, 20, 200, 60)
    const before = subject.limit
    await roundTrip(time, inFlight, granted, 100, 200, 60)
    // No 429 at all, yet a share given back: once per round trip, never below the floor.
    expect(subject.limit).toBeLessThan(before)
    expect(subject.limit).toBeGreaterThanOrEqual(Math.floor(before * 0.9) - 1)
    // Alone (the count no more than ours), the same answers never take a share back.
    const alone = limiter({ initial: 10 })
    const aloneInFlight = await take(alone.limiter, 10)
    const aloneGranted = waiters(alone.limiter, 20_000)
    for (let trip = 0; trip < 4; trip++) await roundTrip(alone.time, aloneInFlight, aloneGranted, 20, 200, 1)
    const level = alone.limiter.limit
    await roundTrip(alone.time, aloneInFlight, aloneGranted, 100, 200, 1)
    expect(alone.limiter.limit).toBeGreaterThanOrEqual(level)
    await drain(subject, time, inFlight, granted)
    await drain(alone.limiter, alone.time, aloneInFlight, aloneGranted)
  })

  it("shared, the account's peak never slides down with its own back-offs (no ratchet)", async () => {
    const { limiter: subject, time } = limiter({ initial: 10 })
    const inFlight = await take(subject, 10)
    const granted = waiters(subject, 50_000)
    await roundTrip(time, inFlight, granted, 10, 200, 100) // the account once seen at 100
    // Then, for far more answers than a window of them (500), the account at 90: never "full", never a share back.
    for (let trip = 0; trip < 40; trip++) {
      const before = subject.limit
      await roundTrip(time, inFlight, granted, 1000, 200, 90)
      expect(subject.limit).toBeGreaterThanOrEqual(before)
    }
    await drain(subject, time, inFlight, granted)
  })

  it('takes room that opens up quickly: each growth that holds doubles the next', async () => {
    const { limiter: subject, time } = limiter({ initial: 10 })
    const inFlight = await take(subject, 10)
    const granted = waiters(subject, 20_000)
    await roundTrip(time, inFlight, granted, 10)
    await roundTrip(time, inFlight, granted, 20) // learned: 20
    // Another sender leaves: room for 80. +1, +2, +4... every PROBE_ROUND_TRIPS round trips, not +1 each time.
    for (let trip = 0; trip < 6 * PROBE_ROUND_TRIPS; trip++) await roundTrip(time, inFlight, granted, 80)
    expect(subject.limit).toBeGreaterThanOrEqual(20 + 1 + 2 + 4)
    for (const permit of [...inFlight, ...granted]) permit.release('unused')
  })

  it('is not driven down by 429s as slow as answers (random refusals), only by many of them', async () => {
    const { limiter: subject, time } = limiter({ initial: 50, ceiling: 60 })
    const inFlight = await take(subject, 50)
    const granted = waiters(subject, 10_000)
    await roundTrip(time, inFlight, granted, 50)
    // Every 25th call refused after as long as an answer: 4% of the calls, for 20 round trips.
    for (let trip = 0; trip < 20; trip++) {
      time.advance(200)
      inFlight.splice(0).forEach((permit, i) => permit.release(i % 25 === 7 ? 'refused' : 'answered'))
      await flush()
      for (let turns = 0; turns < 50 && time.pending > 0; turns++) {
        time.turn()
        await flush()
      }
      inFlight.push(...granted.splice(0))
    }
    expect(subject.limit).toBe(60)
    // Half the calls refused as slowly: that many count, and the limit comes down.
    for (let trip = 0; trip < 3; trip++) {
      time.advance(200)
      inFlight.splice(0).forEach((permit, i) => permit.release(i % 2 ? 'refused' : 'answered'))
      await flush()
      inFlight.push(...granted.splice(0))
    }
    expect(subject.limit).toBeLessThan(60)
    for (const permit of [...inFlight, ...granted]) permit.release('unused')
  })

  it('treats a refusal of a call taken under an earlier limit as old news', async () => {
    const { limiter: subject, time } = limiter({ initial: 10 })
    const inFlight = await take(subject, 10)
    const granted = waiters(subject, 1000)
    await roundTrip(time, inFlight, granted, 10)
    await roundTrip(time, inFlight, granted, 20) // measured: 20
    await roundTrip(time, inFlight, granted, 20) // confirmed
    time.advance(1)
    const [refused, stale, answered] = inFlight.splice(0, 3)
    expect(refused.release('refused').backedOff).toBe(true)
    expect(subject.limit).toBe(19)
    // A call taken under the new limit is answered: the limit works, and the other call's 429 is old news.
    time.advance(199)
    answered.release('answered')
    await flush()
    const [underNewLimit] = granted.splice(0)
    underNewLimit.release('answered')
    expect(stale.release('refused').backedOff).toBe(false)
    expect(subject.limit).toBe(19)
    await drain(subject, time, inFlight, granted)
  })

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
