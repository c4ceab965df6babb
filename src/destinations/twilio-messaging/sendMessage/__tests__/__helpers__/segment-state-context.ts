// A test double of the `stateContext` Segment's runtime gives an action, following actions-core's
// destination-kit/index.ts (3.170.0): `getRequestContext(key)` reads the `context` field of the INCOMING invocation,
// and `setResponseContext(key, value, ttl)` writes into the `setContext` field of the invocation's RESPONSE. So a
// value set by one invocation exists for later invocations only once that response reached the platform; a lost
// response (timeout, crash, deploy, network fault) loses it, and an invocation never reads back its own writes.
// Values expire after their TTL. Unlike a shared Map written at once, this double lets tests lose a response.
import type { StateContext } from '@segment/actions-core'

type Ttl = { hour?: number; minute?: number; second?: number } | number | undefined

interface Stored {
  value: string
  expiresAt: number
}

export type Fate = 'delivered' | 'lost'

export interface Invocation {
  readonly stateContext: StateContext
  /** What this invocation asked the platform to keep (its response's `setContext`). */
  readonly pending: ReadonlyMap<string, { value: string; ttlMs: number }>
  /** The response reached the platform: its values become visible to later invocations. */
  deliver(): void
  /** The response was lost: its values are gone. */
  lose(): void
}

export class SegmentStatePlatform {
  private readonly stored = new Map<string, Stored>()
  deliveredResponses = 0
  lostResponses = 0

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** The values a new invocation is given (the request's `context`), as of now. */
  snapshot(): Map<string, string> {
    const time = this.now()
    const values = new Map<string, string>()
    for (const [key, entry] of this.stored) if (entry.expiresAt > time) values.set(key, entry.value)
    return values
  }

  /** Starts an invocation: reads see the platform's values as of now; writes wait for the response's fate. */
  invocation(): Invocation {
    const incoming = this.snapshot()
    const pending = new Map<string, { value: string; ttlMs: number }>()
    let settled = false
    const settle = () => {
      if (settled) throw new Error('An invocation has one response')
      settled = true
    }
    return {
      stateContext: {
        getRequestContext: (key: string) => incoming.get(key),
        setResponseContext: (key: string, value: string, ttl: Ttl) => {
          pending.set(key, { value: String(value), ttlMs: ttlMs(ttl) })
        }
      },
      pending,
      deliver: () => {
        settle()
        this.deliveredResponses++
        const time = this.now()
        for (const [key, { value, ttlMs: ms }] of pending) this.stored.set(key, { value, expiresAt: time + ms })
      },
      lose: () => {
        settle()
        this.lostResponses++
      }
    }
  }

  /**
   * Runs one invocation. A run that throws never delivers context (the platform sees an error, not a response with
   * `setContext`); one that returns delivers it unless `fate` is 'lost'.
   */
  async run<T>(fn: (stateContext: StateContext) => Promise<T>, fate: Fate = 'delivered'): Promise<T> {
    const invocation = this.invocation()
    try {
      const result = await fn(invocation.stateContext)
      if (fate === 'delivered') invocation.deliver()
      else invocation.lose()
      return result
    } catch (error) {
      invocation.lose()
      throw error
    }
  }

  get size(): number {
    return this.snapshot().size
  }
}

/** The TTL forms actions-core's StateContext accepts; without one the platform's default is unknown: 1 hour here. */
function ttlMs(ttl: Ttl): number {
  if (typeof ttl === 'number') return ttl * 1000
  if (!ttl) return 60 * 60 * 1000
  return ((ttl.hour ?? 0) * 3600 + (ttl.minute ?? 0) * 60 + (ttl.second ?? 0)) * 1000
}
