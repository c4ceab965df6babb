// Duplicate protection. Segment delivers at least once, so one event can reach `perform` or `performBatch` twice;
// a message Twilio has accepted must not go out again. After a 2xx the result ({sid, status}) is recorded under a
// key made of the account, the event's messageId and the exact request; a redelivery finds it and returns it
// without calling Twilio. Failed sends are not recorded, so Segment's retries still send.
//
// Storage: actions-core's `stateContext` when the runtime provides one (kept by the platform with a TTL), else a
// bounded in-process LRU cache with the same TTL.
//
// A send that got no answer (timeout, dropped connection) is recorded as "uncertain": Twilio may have accepted it.
// Before such a key is sent again, Twilio's message list for the recipient is checked for the earlier message.
import { LRUCache } from 'lru-cache'
import { IntegrationError, RetryableError } from '@segment/actions-core'
import type { Logger, RequestClient, StateContext } from '@segment/actions-core'
import type { Settings } from '../generated-types'
import { messagesUrl } from '../twilio'
import type { MessageRequest } from './build-request'
import { sendTimeoutMs, trySendMessage } from './send'
import type { SendOutcome, TwilioMessage } from './send'
import { hash128 } from './hash'

export const DEDUP_TTL_MS = 24 * 60 * 60 * 1000
export const DEDUP_MAX_ENTRIES = 50_000
/** How far before the uncertain attempt a message found in Twilio's list may be dated (clock skew). */
const RECONCILE_SKEW_MS = 60_000

export type DedupEntry = { state: 'sent'; sid: string; status: string } | { state: 'uncertain'; at: number }

export interface DedupStore {
  readonly kind: 'stateContext' | 'memory'
  get(key: string): Promise<DedupEntry | undefined>
  set(key: string, entry: DedupEntry): Promise<void>
}

const memory = new LRUCache<string, DedupEntry>({ max: DEDUP_MAX_ENTRIES, ttl: DEDUP_TTL_MS })

const memoryStore: DedupStore = {
  kind: 'memory',
  get: async (key) => memory.get(key),
  set: async (key, entry) => {
    memory.set(key, entry)
  }
}

/** Test and benchmark helper: forgets every record of the in-process store. */
export function clearMemoryDedup(): void {
  memory.clear()
}

export function memoryDedupSize(): number {
  return memory.size
}

function stateContextStore(context: StateContext): DedupStore {
  const ttl = { hour: DEDUP_TTL_MS / 3_600_000 }
  return {
    kind: 'stateContext',
    get: async (key) => parseEntry(await context.getRequestContext(key)),
    set: async (key, entry) => {
      context.setResponseContext(key, JSON.stringify(entry), ttl)
    }
  }
}

function parseEntry(value: unknown): DedupEntry | undefined {
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

export function dedupStore(stateContext?: StateContext): DedupStore {
  const usable =
    stateContext &&
    typeof stateContext.getRequestContext === 'function' &&
    typeof stateContext.setResponseContext === 'function'
  return usable ? stateContextStore(stateContext) : memoryStore
}

/**
 * `twilio-messaging:sent:<hash>` over the account, the messageId and the form parameters, so two subscriptions
 * that send different messages for the same event are both sent. The hashed text is JSON, so no field's content can
 * pass for a field boundary (a Body holding `MediaUrl=…` is not a Body plus a MediaUrl). Undefined without a
 * messageId: no protection.
 */
export function dedupKey(accountSid: string, messageId: unknown, message: MessageRequest): string | undefined {
  if (typeof messageId !== 'string' || messageId.trim() === '') return undefined
  return `twilio-messaging:sent:${hash128(JSON.stringify([accountSid.trim(), messageId, message.params]))}`
}

export type DedupOutcome = SendOutcome & { duplicate?: boolean }

export interface DedupOptions {
  messageId?: unknown
  stateContext?: StateContext
  logger?: Logger
}

/** Sends of the same key in flight in this process: a concurrent duplicate waits for the first one's outcome. */
const inFlight = new Map<string, Promise<DedupOutcome>>()

/** Sends `message` unless the same event's identical message was already accepted by Twilio. Never throws. */
export async function sendOnce(
  request: RequestClient,
  settings: Settings,
  message: MessageRequest,
  options: DedupOptions = {}
): Promise<DedupOutcome> {
  const key = dedupKey(settings.accountSID, options.messageId, message)
  if (!key) return trySendMessage(request, settings, message)
  const running = inFlight.get(key)
  if (running) {
    const outcome = await running
    return outcome.ok ? { ...outcome, status: 200, response: undefined, duplicate: true } : outcome
  }
  const promise = sendOnceUncached(request, settings, message, key, options)
  inFlight.set(key, promise)
  try {
    return await promise
  } finally {
    inFlight.delete(key)
  }
}

async function sendOnceUncached(
  request: RequestClient,
  settings: Settings,
  message: MessageRequest,
  key: string,
  options: DedupOptions
): Promise<DedupOutcome> {
  const store = dedupStore(options.stateContext)
  const recorded = await safely(() => store.get(key), options.logger)
  if (recorded?.state === 'sent') return recordedOutcome(recorded.sid, recorded.status)
  if (recorded?.state === 'uncertain') {
    const earlier = await findEarlierMessage(request, settings, message, recorded.at)
    if (earlier === 'unknown') {
      return {
        ok: false,
        error: new RetryableError(
          'An earlier attempt to send this event got no answer from Twilio, and Twilio could not be asked whether it arrived; Segment retries.',
          503
        ),
        uncertain: false
      }
    }
    if (isAmbiguous(earlier)) {
      // Final: retrying cannot tell the messages apart, and sending again could reach the recipient twice.
      return {
        ok: false,
        error: new IntegrationError(
          `An earlier attempt to send this event got no answer from Twilio, and Twilio holds ${earlier.ambiguous.join(
            ', '
          )} to the same recipient from the same sender, created meanwhile. A template or media-only message cannot be told apart from another one, so it was not sent again: check ${
            earlier.ambiguous.length > 1 ? 'those messages' : 'that message'
          } in the Twilio Console.`,
          'UNCERTAIN_DELIVERY',
          409
        ),
        uncertain: false
      }
    }
    if (earlier) {
      await safely(() => store.set(key, { state: 'sent', sid: earlier.sid, status: earlier.status }), options.logger)
      return recordedOutcome(earlier.sid, earlier.status)
    }
  }
  const startedAt = Date.now()
  const outcome = await trySendMessage(request, settings, message)
  if (outcome.ok) {
    const entry: DedupEntry = { state: 'sent', sid: outcome.message.sid, status: String(outcome.message.status) }
    await safely(() => store.set(key, entry), options.logger)
  } else if (outcome.uncertain) {
    await safely(() => store.set(key, { state: 'uncertain', at: startedAt }), options.logger)
  }
  return outcome
}

/** The recorded result of an event already accepted by Twilio, without any request; undefined otherwise. */
export async function recordedResult(
  settings: Settings,
  message: MessageRequest,
  options: DedupOptions = {}
): Promise<DedupOutcome | undefined> {
  const key = dedupKey(settings.accountSID, options.messageId, message)
  if (!key) return undefined
  const recorded = await safely(() => dedupStore(options.stateContext).get(key), options.logger)
  return recorded?.state === 'sent' ? recordedOutcome(recorded.sid, recorded.status) : undefined
}

function recordedOutcome(sid: string, status: string): DedupOutcome {
  return { ok: true, status: 200, message: { sid, status }, duplicate: true }
}

/** Storage problems must never stop a send; they only cost the protection for this event. */
async function safely<T>(fn: () => Promise<T>, logger?: Logger): Promise<T | undefined> {
  try {
    return await fn()
  } catch (error) {
    logger?.warn?.(`Twilio Messaging duplicate protection unavailable: ${(error as Error)?.name ?? 'error'}`)
    return undefined
  }
}

interface ListedMessage {
  sid?: string
  status?: string
  to?: string
  from?: string
  body?: string
  num_media?: string
  messaging_service_sid?: string | null
  date_created?: string
}

/**
 * Looks in Twilio's message list (newest first) for the message an unanswered attempt may have created: to the same
 * recipient, from the same sender, with the same media count, created while that attempt was waiting (allowing for
 * clock skew). With a body, the body must match too. Without one (a template or media only) the list cannot tell
 * this message from another one sent meanwhile, so any candidate is reported as ambiguous rather than guessed.
 * `'unknown'` when Twilio cannot be asked.
 */
async function findEarlierMessage(
  request: RequestClient,
  settings: Settings,
  message: MessageRequest,
  since: number
): Promise<TwilioMessage | Ambiguous | undefined | 'unknown'> {
  const params = new Map(message.params)
  const to = params.get('To')
  if (!to) return undefined
  const search = new URLSearchParams({ To: to, PageSize: '50' })
  if (params.has('From')) search.set('From', params.get('From') as string)
  try {
    const response = await request<{ messages?: ListedMessage[] }>(
      `${messagesUrl(settings.accountSID.trim())}?${search}`,
      { method: 'GET', throwHttpErrors: false, skipResponseCloning: true }
    )
    if (response.status >= 400) return 'unknown'
    const data = response.data && typeof response.data === 'object' ? response.data : safeJson(response.content ?? '')
    const list = Array.isArray(data?.messages) ? data.messages : undefined
    if (!list) return 'unknown'
    const mediaCount = message.params.filter(([name]) => name === 'MediaUrl').length
    const latest = since + sendTimeoutMs() + RECONCILE_SKEW_MS
    const candidates = list.filter((item) => {
      const created = Date.parse(item.date_created ?? '')
      return (
        typeof item.sid === 'string' &&
        item.to === to &&
        (!params.has('From') || item.from === params.get('From')) &&
        (!params.has('MessagingServiceSid') || item.messaging_service_sid === params.get('MessagingServiceSid')) &&
        (!params.has('Body') || item.body === params.get('Body')) &&
        (item.num_media === undefined || Number(item.num_media) === mediaCount) &&
        created >= since - RECONCILE_SKEW_MS &&
        created <= latest
      )
    })
    if (!params.has('Body') && candidates.length > 0) return { ambiguous: candidates.map((item) => item.sid as string) }
    // Oldest first: with a matching body, any of them is a copy the recipient already has.
    const match = candidates[candidates.length - 1]
    return match ? { sid: match.sid as string, status: String(match.status ?? 'accepted') } : undefined
  } catch {
    return 'unknown'
  }
}

interface Ambiguous {
  ambiguous: string[]
}

function isAmbiguous(value: unknown): value is Ambiguous {
  return typeof value === 'object' && value !== null && Array.isArray((value as Partial<Ambiguous>).ambiguous)
}

function safeJson(text: string): { messages?: ListedMessage[] } | undefined {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
