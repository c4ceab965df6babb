// The limiter's test harness: a fake clock and fake timers, permits taken and given back by hand, and a round trip
// against a Twilio with room for a given number of calls. Every test is deterministic; none waits on real time.
import { AdaptiveConcurrency } from '../../adaptive-concurrency'
import type { Permit } from '../../account-limiters'

/** A clock the test moves by hand, and timers that run when the test says so. */
export function fakeTime(start = 1_000_000) {
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

export function limiter(options: { initial: number; ceiling?: number; floor?: number }, time = fakeTime()) {
  return {
    time,
    limiter: new AdaptiveConcurrency({ ceiling: 250, ...options, now: time.now, schedule: time.schedule })
  }
}

/** Takes `n` permits that are granted at once (fails if one has to wait). */
export async function take(limiter: AdaptiveConcurrency, n: number): Promise<Permit[]> {
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

export const flush = () => new Promise((resolve) => setImmediate(resolve))

/** Gives every permit back unused (the limit stays) until nothing is in flight or waiting. */
export async function drain(
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
export function waiters(limiter: AdaptiveConcurrency, n: number): Permit[] {
  const granted: Permit[] = []
  for (let i = 0; i < n; i++) void limiter.acquire().then((permit) => granted.push(permit))
  return granted
}

/**
 * One round trip against a Twilio with room for `room` calls of ours: the calls in flight beyond it are refused at
 * the door (1 ms), the others answered `ms` later; then the timer turns until the probes are out, and the calls
 * granted meanwhile are the next round trip's.
 */
export async function roundTrip(
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
  await turnTimers(time)
  inFlight.push(...granted.splice(0))
}

/** Turns the timers until none is set (at most 200 turns): the probes a round trip's answers allowed go out. */
export async function turnTimers(time: ReturnType<typeof fakeTime>) {
  for (let turns = 0; turns < 200 && time.pending > 0; turns++) {
    time.turn()
    await flush()
  }
}
