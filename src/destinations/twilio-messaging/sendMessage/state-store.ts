// What duplicate protection remembers: which event's message Twilio accepted (a record per event), which message
// an event took as its own (a claim per message SID), and sends whose outcome is still open. Kept in two places:
// - `stateContext`, when the runtime gives one (Segment's does, for its own destinations): a value set here reaches
//   later invocations through this invocation's response (`setResponseContext` puts it in the response's
//   `setContext`, see actions-core destination-kit/index.ts), so it is lost with a lost response;
// - this process's memory, a small bounded cache: one process serves many customers, so it holds at most
//   MEMORY_BYTES (8 MiB, about 12,000 records) for at most an hour, least recently used first out.
import { LRUCache } from 'lru-cache'
import type { StateContext } from '@segment/actions-core'

/** How long Segment keeps a stateContext value: Segment redelivers an event for hours at most. */
export const STATE_TTL_MS = 24 * 60 * 60 * 1000
/** How long this process remembers: redeliveries that matter come within minutes; stateContext covers the rest. */
export const MEMORY_TTL_MS = 60 * 60 * 1000
/** The process cache's bound, as the cache counts entries (entrySize). */
export const MEMORY_BYTES = 8 * 1024 * 1024
/** Bytes per entry beyond its strings (the cache's node, map slot, TTL bookkeeping, the value), as `npm run bench` measures. */
export const ENTRY_OVERHEAD_BYTES = 600

export type DedupEntry =
  /** Twilio accepted the event's message. */
  | { state: 'sent'; sid: string; status: string }
  /** A send got no usable answer at `at` (ms) and the list did not settle it: the next delivery looks again. */
  | { state: 'uncertain'; at: number }

export interface DedupStore {
  get(key: string): Promise<DedupEntry | undefined>
  set(key: string, entry: DedupEntry): Promise<void>
  /** Who took message `sid` as its own (a record key), if anyone did. */
  claimedBy(sid: string): Promise<string | undefined>
  /**
   * Takes message `sid` for `owner`; false when another owner already took it in this process (checked and set in
   * one step, so two looks never take the same message). `force`: Twilio's own answer named it, it is the owner's.
   */
  claim(sid: string, owner: string, force?: boolean): Promise<boolean>
}

const RECORD_PREFIX = 'twilio-messaging:sent:'
const CLAIM_PREFIX = 'twilio-messaging:claim:'

/** Estimated bytes an entry holds: V8 keeps these strings one byte per character when they are Latin-1. */
export function entrySize(key: string, value: DedupEntry | string): number {
  const valueChars = typeof value === 'string' ? value.length : value.state === 'sent' ? value.sid.length + 8 : 8
  return key.length + valueChars + ENTRY_OVERHEAD_BYTES
}

function createMemoryCache() {
  return new LRUCache<string, DedupEntry | string>({
    maxSize: MEMORY_BYTES,
    sizeCalculation: (value, key) => entrySize(key, value),
    ttl: MEMORY_TTL_MS
  })
}

let memory = createMemoryCache()

export const memoryStore: DedupStore = {
  get: async (key) => {
    const value = memory.get(key)
    return typeof value === 'object' ? value : undefined
  },
  set: async (key, entry) => {
    memory.set(key, entry)
  },
  claimedBy: async (sid) => {
    const value = memory.get(CLAIM_PREFIX + sid)
    return typeof value === 'string' ? value : undefined
  },
  claim: async (sid, owner, force) => {
    const existing = memory.get(CLAIM_PREFIX + sid)
    if (!force && typeof existing === 'string' && existing !== owner) return false
    memory.set(CLAIM_PREFIX + sid, owner)
    return true
  }
}

/** Test and benchmark helper: forgets everything this process remembers (as a restart would). */
export function clearMemoryStore(): void {
  memory.clear()
}

/** Test and benchmark helper: a new, empty cache (as a new process would have). */
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
  const ttl = { hour: STATE_TTL_MS / 3_600_000 }
  return {
    get: async (key) => parseEntry(await context.getRequestContext(key)),
    set: async (key, entry) => {
      context.setResponseContext(key, JSON.stringify(entry), ttl)
    },
    claimedBy: async (sid) => {
      const owner = await context.getRequestContext(CLAIM_PREFIX + sid)
      return typeof owner === 'string' && owner.startsWith(RECORD_PREFIX) ? owner : undefined
    },
    claim: async (sid, owner) => {
      context.setResponseContext(CLAIM_PREFIX + sid, owner, ttl)
      return true
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
    },
    claimedBy: async (sid) =>
      (await memoryStore.claimedBy(sid)) ?? (await shared.claimedBy(sid).catch(() => undefined)),
    claim: async (sid, owner, force) => {
      if (!(await memoryStore.claim(sid, owner, force))) return false
      // The local claim decides; the shared one only informs later deliveries, so its failure changes nothing.
      await shared.claim(sid, owner).catch(() => false)
      return true
    }
  }
}

/** The key a record is kept under; see dedupKey in dedup.ts for what is hashed. */
export function recordKey(hash: string): string {
  return RECORD_PREFIX + hash
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
