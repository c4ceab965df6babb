// The limiter with a fake clock and a fake timer: start, slow start, measuring, stepping back and probing, shared
// accounts. The floor, bursts after idle time and the account registry are in adaptive-concurrency-floor.test.ts.
import { MAX_PROBE_ROUND_TRIPS, PROBE_ROUND_TRIPS } from '../limiter-settings'
import { PEAK_VOUCHED_ROUND_TRIPS } from '../answer-timing'
import { drain, flush, limiter, roundTrip, take, waiters } from './__helpers__/limiter-harness'

/**
 * A limiter from 10 that learned a room of 20 (refused beyond it, measured, then confirmed), Twilio counting
 * `counts[i]` calls of the account on the answers of round trip i.
 */
async function learnedTwenty(counts: Array<number | undefined>) {
  const { limiter: subject, time } = limiter({ initial: 10 })
  const inFlight = await take(subject, 10)
  const granted = waiters(subject, 20_000)
  await roundTrip(time, inFlight, granted, 10, 200, counts[0])
  await roundTrip(time, inFlight, granted, 20, 200, counts[1]) // measured: 20
  await roundTrip(time, inFlight, granted, 20, 200, counts[2]) // confirmed
  return { subject, time, inFlight, granted }
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
    // [Twilio's count of the account's calls in flight on answers]
    ['none (no header)', undefined],
    ['no more than ours', 1]
  ])('Twilio counting %s: a 429 of a limit that worked steps back one call, then probes', async (_, count) => {
    const { subject, time, inFlight, granted } = await learnedTwenty([count, count, count])
    time.advance(1)
    inFlight.shift()?.release('refused')
    await flush()
    expect(subject.limit).toBe(19)
    // Then one more call in flight after PROBE_ROUND_TRIPS round trips (the first probe after a step back).
    const limits: number[] = []
    for (let trip = 0; trip < 2 * PROBE_ROUND_TRIPS + 1; trip++) {
      await roundTrip(time, inFlight, granted, 100, 200, count)
      limits.push(subject.limit)
    }
    expect(limits.indexOf(20)).toBe(PROBE_ROUND_TRIPS)
    await drain(subject, time, inFlight, granted)
  })

  it("shared (Twilio counting another sender's calls too): a 429 takes 30% back, and growth resumes at once", async () => {
    // The account was seen fuller once (80 more), so 120 in flight is not "full" (see the next test); confirmed, the
    // limit grew (a sixth of the account: faster).
    const { subject, time, inFlight, granted } = await learnedTwenty([200, 120, 120])
    const before = subject.limit
    expect(before).toBeGreaterThan(20)
    time.advance(1)
    inFlight.shift()?.release('refused')
    await flush()
    expect(subject.limit).toBe(Math.floor(before * 0.7))
    // Holding about a eighth of the account, it grows by 1 + 2 x 7/8 calls per round trip (account-share.ts) once the
    // calls sent before the step back are in: more than one call per round trip (alone: none before PROBE_ROUND_TRIPS).
    const after = subject.limit
    for (let trip = 0; trip < 3; trip++) await roundTrip(time, inFlight, granted, 100, 200, 120)
    expect(subject.limit - after).toBeGreaterThanOrEqual(3)
    expect(subject.limit - after).toBeLessThanOrEqual(6)
    await drain(subject, time, inFlight, granted)
  })

  it('shared, gives back its share of 20% when Twilio takes a call with the account at its vouched peak, before another 429', async () => {
    const { subject, time, inFlight, granted } = await learnedTwenty([50, 50, 50]) // the account at its peak of 50
    const before = subject.limit
    await roundTrip(time, inFlight, granted, 100, 200, 50)
    // No 429 on this round trip (the one at the door before vouches for the peak), yet a part given back, once:
    // holding about 20 of the account's 50 calls, 0.2 x 2/5 of its limit (account-share.ts), a whole call at least.
    expect(subject.limit).toBeLessThan(before)
    expect(before - subject.limit).toBeLessThanOrEqual(Math.ceil(before * 0.2 * (before / 50)))
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

  it('shared, without a recent 429 at the door the peak is not taken for the limit: the senders probe above it', async () => {
    const { limiter: subject, time } = limiter({ initial: 10 })
    const inFlight = await take(subject, 10)
    const granted = waiters(subject, 100_000)
    await roundTrip(time, inFlight, granted, 10, 200, 60)
    await roundTrip(time, inFlight, granted, 20, 200, 60) // refused beyond 20 at the door; the account at 60
    const limits: number[] = []
    const trips = PEAK_VOUCHED_ROUND_TRIPS + 40
    for (let trip = 0; trip < trips; trip++) {
      await roundTrip(time, inFlight, granted, 1000, 200, 60)
      limits.push(subject.limit)
    }
    // While that 429 vouches for the peak shares go back; then the limit grows past what it was.
    expect(limits[trips - 1]).toBeGreaterThan(Math.max(...limits.slice(0, PEAK_VOUCHED_ROUND_TRIPS - 2)) + 20)
    await drain(subject, time, inFlight, granted)
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
})
