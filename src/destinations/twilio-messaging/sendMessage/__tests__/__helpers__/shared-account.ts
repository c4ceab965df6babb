// Several limiters on one simulated Twilio account (account-share.ts), with the fake clock of limiter-harness.ts.
import type { Permit } from '../../account-limiters'
import { drain, fakeTime, flush, limiter, take, turnTimers, waiters } from './limiter-harness'
import { prng } from './prng'

export interface SharedAccountRun {
  /** The share furthest from a fair one (0: all equal), counted after 10 round trips. */
  worst: number
  /** The account's calls in flight over its limit, on average. */
  busy: number
  /** Calls refused at the door (429) over all calls. */
  refusedShare: number
}

/**
 * An idealised Twilio account with room for `limit` calls in flight, round trip by round trip, and one limiter per
 * sender starting at `starts[i]` calls: each round trip takes the senders' calls in an order shuffled by `seed`,
 * refuses at the door (1 ms) those beyond the limit, and answers the others 200 ms later, each with the count of the
 * account's calls it let in (Twilio-Concurrent-Requests). Unlike the emulator, where calls come and go at any time,
 * every answer of a round trip carries the same count. 40 round trips; the first 10 are not counted (the first bursts'
 * 429s vouch for the account's peak as its limit).
 */
export async function simulateSharedAccount(starts: number[], limit: number, seed: number): Promise<SharedAccountRun> {
  const random = prng(seed)
  const time = fakeTime()
  const senders = await Promise.all(
    starts.map(async (initial) => {
      const { limiter: subject } = limiter({ initial }, time)
      return { subject, inFlight: await take(subject, initial), granted: waiters(subject, 100_000) }
    })
  )
  const roundTrip = async () => {
    const order: Array<[number, Permit]> = senders.flatMap((sender, s) =>
      sender.inFlight.splice(0).map((permit): [number, Permit] => [s, permit])
    )
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[order[i], order[j]] = [order[j], order[i]]
    }
    time.advance(1)
    for (const [, permit] of order.slice(limit)) permit.release('refused')
    await flush()
    time.advance(199)
    const answered = order.slice(0, limit)
    const taken = senders.map(() => 0)
    for (const [s, permit] of answered) {
      taken[s]++
      permit.release('answered', answered.length)
    }
    await flush()
    await turnTimers(time)
    for (const sender of senders) sender.inFlight.push(...sender.granted.splice(0))
    return { taken, refused: Math.max(0, order.length - limit) }
  }
  // Counted after 10 round trips: the first bursts' 429s vouch for the account's peak as its limit.
  const taken = senders.map(() => 0)
  let refused = 0
  let calls = 0
  for (let trip = 1; trip <= 40; trip++) {
    const result = await roundTrip()
    if (trip <= 10) continue
    result.taken.forEach((count, s) => (taken[s] += count))
    refused += result.refused
    calls += result.refused + result.taken.reduce((a, b) => a + b, 0)
  }
  for (const sender of senders) await drain(sender.subject, time, sender.inFlight, sender.granted)
  const fair = taken.reduce((a, b) => a + b, 0) / senders.length
  return {
    worst: Math.max(...taken.map((count) => Math.abs(count / fair - 1))),
    busy: (fair * senders.length) / (30 * limit),
    refusedShare: refused / calls
  }
}
