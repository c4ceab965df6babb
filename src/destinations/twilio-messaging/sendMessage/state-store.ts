// Where accepted sends are recorded: always in this process's cache, and also in the runtime's `stateContext` when
// there is one. Both are a second line of defence only. The process cache is lost on restart and is not shared
// between processes. A `stateContext` value reaches later invocations only through the invocation's response
// (`setResponseContext` puts it in the response's `setContext`, see actions-core destination-kit/index.ts), so it
// is lost with a lost response: a timeout, crash or deploy, which is when Segment redelivers.
import { LRUCache } from 'lru-cache'
import type { StateContext } from '@segment/actions-core'
import { numberFromEnv } from './runtime-env'

export const DEDUP_TTL_MS = 24 * 60 * 60 * 1000

/**
 * Memory the process cache may use, in MiB; TWILIO_MESSAGING_DEDUP_CACHE_MB overrides it. An entry's size is
 * estimated from its key (a fixed-length hash of the account, messageId and form) plus a fixed overhead measured with
 * `npm run bench` (see docs/batching.md for the figure: entries per MiB for a typical SMS).
 */
export const DEDUP_CACHE_MB_ENV = 'TWILIO_MESSAGING_DEDUP_CACHE_MB'
export const DEFAULT_DEDUP_CACHE_MB = 64
/** Bytes per entry beyond its strings: the cache's node, map slot, TTL bookkeeping and the value object. */
export const ENTRY_OVERHEAD_BYTES = 380

export type DedupEntry = { state: 'sent'; sid: string; status: string } | { state: 'uncertain'; at: number }

export interface DedupStore {
  get(key: string): Promise<DedupEntry | undefined>
  set(key: string, entry: DedupEntry): Promise<void>
}

/** Throws RuntimeConfigError for a value that is not a number of MiB from 0.01 to 65,536. */
export function dedupCacheBytes(): number {
  const mb = numberFromEnv(DEDUP_CACHE_MB_ENV, DEFAULT_DEDUP_CACHE_MB, {
    min: 0.01,
    max: 65_536,
    integer: false,
    unit: 'MiB'
  })
  return Math.round(mb * 1024 * 1024)
}

/** Estimated bytes an entry holds: V8 keeps these strings one byte per character when they are Latin-1. */
export function entrySize(key: string, entry: DedupEntry): number {
  const valueChars = entry.state === 'sent' ? entry.sid.length + entry.status.length : 8
  return key.length + valueChars + ENTRY_OVERHEAD_BYTES
}

/** Why the cache could not be sized from the environment when it was made; undefined when it could. */
let sizeProblem: string | undefined

function createMemoryCache() {
  let maxSize: number
  sizeProblem = undefined
  try {
    maxSize = dedupCacheBytes()
  } catch (error) {
    // Not thrown while the module loads (that would break the whole destination): perform and performBatch refuse
    // to send with this message (runtime-check.ts), so the default below never serves a send.
    sizeProblem = (error as Error).message
    maxSize = DEFAULT_DEDUP_CACHE_MB * 1024 * 1024
  }
  return new LRUCache<string, DedupEntry>({
    maxSize,
    sizeCalculation: (entry, key) => entrySize(key, entry),
    ttl: DEDUP_TTL_MS
  })
}

let memory = createMemoryCache()

export const memoryStore: DedupStore = {
  get: async (key) => memory.get(key),
  set: async (key, entry) => {
    memory.set(key, entry)
  }
}

/** The unusable TWILIO_MESSAGING_DEDUP_CACHE_MB the cache was made with, as a message; undefined when usable. */
export function memoryCacheSizeProblem(): string | undefined {
  return sizeProblem
}

/** Test and benchmark helper: forgets every record of this process (as a restart would). */
export function clearMemoryStore(): void {
  memory.clear()
}

/** Test and benchmark helper: a new cache, sized from the environment as it is now. */
export function resetMemoryStore(): void {
  memory = createMemoryCache()
}

export function memoryStoreStats(): { entries: number; bytes: number; maxBytes: number } {
  return { entries: memory.size, bytes: memory.calculatedSize, maxBytes: memory.maxSize }
}

export function isUsableStateContext(context: unknown): context is StateContext {
  const candidate = context as Partial<StateContext> | undefined
  return typeof candidate?.getRequestContext === 'function' && typeof candidate?.setResponseContext === 'function'
}

function stateContextStore(context: StateContext): DedupStore {
  const ttl = { hour: DEDUP_TTL_MS / 3_600_000 }
  return {
    get: async (key) => parseEntry(await context.getRequestContext(key)),
    set: async (key, entry) => {
      context.setResponseContext(key, JSON.stringify(entry), ttl)
    }
  }
}

/** Reads the process cache, then `stateContext`; writes both. A failing store never hides the other one. */
export function dedupStore(stateContext?: StateContext): DedupStore {
  if (!isUsableStateContext(stateContext)) return memoryStore
  const shared = stateContextStore(stateContext)
  return {
    get: async (key) => {
      const local = await memoryStore.get(key)
      if (local?.state === 'sent') return local
      const remote = await shared.get(key).catch(() => undefined)
      if (remote) await memoryStore.set(key, remote)
      return remote ?? local
    },
    set: async (key, entry) => {
      await memoryStore.set(key, entry)
      await shared.set(key, entry)
    }
  }
}

export function parseEntry(value: unknown): DedupEntry | undefined {
  if (typeof value !== 'string' || value === '') return undefined
  try {
    const entry = JSON.parse(value) as Partial<DedupEntry> & Record<string, unknown>
    if (entry.state === 'sent' && typeof entry.sid === 'string') {
      return { state: 'sent', sid: entry.sid, status: typeof entry.status === 'string' ? entry.status : 'accepted' }
    }
    if (entry.state === 'uncertain' && typeof entry.at === 'number') return { state: 'uncertain', at: entry.at }
  } catch {
    // Not ours, or corrupted: behave as if nothing was recorded.
  }
  return undefined
}
