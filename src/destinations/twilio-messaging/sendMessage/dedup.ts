// Duplicate protection. Segment delivers at least once, so one event can reach `perform` or `performBatch` twice;
// a message Twilio has accepted must not go out again.
//
// First line: a send whose outcome is unknown (timeout, dropped connection, 5xx, a 2xx without a message) is
// resolved inside the same invocation by reading Twilio's Messages list (readback.ts): found, it answers success
// with that sid; not found, retryable. So a redelivery on another process, with no shared store, is harmless for
// that case. Second line: accepted sends are recorded (state-store.ts) in this process's cache and, when the
// runtime provides one, in `stateContext`, under a key made of the account, the event's messageId and the exact
// form; a redelivery that finds the record answers with it without calling Twilio.
import { IntegrationError, RetryableError } from '@segment/actions-core'
import type { Logger, RequestClient, StateContext } from '@segment/actions-core'
import type { Settings } from '../generated-types'
import type { MessageRequest } from './build-request'
import { lookOnce, readBackSend, readbackWaits } from './readback'
import type { Readback } from './readback'
import { sendTimeoutMs, trySendMessage } from './send'
import type { SendOutcome } from './send'
import { clearMemoryStore, dedupStore, memoryStoreStats } from './state-store'
import type { DedupEntry } from './state-store'
import { hash128 } from './hash'

export { DEDUP_TTL_MS } from './state-store'
export type { DedupEntry } from './state-store'

/** Test and benchmark helper: forgets every record of the in-process store (as a restart would). */
export function clearMemoryDedup(): void {
  clearMemoryStore()
}

export function memoryDedupSize(): number {
  return memoryStoreStats().entries
}

/**
 * `twilio-messaging:sent:<hash>` of the account, the messageId and the form parameters, each string written after
 * its length (`12:+14155550100`). Read from the start, such a text splits into its strings in one way only, so the
 * hashed texts of two different messages always differ (a Body holding `MediaUrl=…` stays inside its own string);
 * it costs a quarter of JSON.stringify. The 128-bit hash (hash.ts) keeps the key short for stateContext and the
 * process cache. Two subscriptions that send different messages for one event are both sent. Undefined without a
 * messageId: no record is kept (the readback after an unanswered send still applies).
 */
export function dedupKey(accountSid: string, messageId: unknown, message: MessageRequest): string | undefined {
  if (typeof messageId !== 'string' || messageId.trim() === '') return undefined
  const account = accountSid.trim()
  let text = `${account.length}:${account}${messageId.length}:${messageId}`
  for (const [name, value] of message.params) text += `${name.length}:${name}${value.length}:${value}`
  return `twilio-messaging:sent:${hash128(text)}`
}

export type DedupOutcome = SendOutcome & {
  /** Answered from a record: no message was sent by this invocation. */
  duplicate?: boolean
  /** The send got no usable answer, and Twilio's list showed the message it created. */
  confirmedByReadback?: boolean
}

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
  if (!key) return sendAndResolve(request, settings, message, undefined, options)
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
    // An earlier invocation could not settle it; the list has had time to catch up since, so one look decides.
    const earlier = await lookOnce(request, settings.accountSID, message, recorded.at, recorded.at + sendTimeoutMs())
    if (earlier.kind === 'unknown') {
      return failure(
        new RetryableError(
          'An earlier attempt to send this event got no answer from Twilio, and Twilio could not be asked whether it arrived; Segment retries.',
          503
        )
      )
    }
    if (earlier.kind === 'ambiguous') return failure(ambiguityError(earlier.sids))
    if (earlier.kind === 'found') {
      await safely(() => store.set(key, { state: 'sent', sid: earlier.sid, status: earlier.status }), options.logger)
      return recordedOutcome(earlier.sid, earlier.status)
    }
  }
  return sendAndResolve(request, settings, message, key, options)
}

/** One Create Message call; an unknown outcome is settled by reading Twilio's list before answering. */
async function sendAndResolve(
  request: RequestClient,
  settings: Settings,
  message: MessageRequest,
  key: string | undefined,
  options: DedupOptions
): Promise<DedupOutcome> {
  const store = dedupStore(options.stateContext)
  const record = async (entry: DedupEntry) => {
    if (key) await safely(() => store.set(key, entry), options.logger)
  }
  // Read before the request leaves (a bad value is refused before any send, see runtime-check.ts).
  const waits = readbackWaits()
  const startedAt = Date.now()
  const outcome = await trySendMessage(request, settings, message)
  if (outcome.ok) {
    await record({ state: 'sent', sid: outcome.message.sid, status: String(outcome.message.status) })
    return outcome
  }
  if (!outcomeUnknown(outcome)) return outcome
  const readback: Readback = await readBackSend(request, settings.accountSID, message, startedAt, waits)
  if (readback.kind === 'found') {
    await record({ state: 'sent', sid: readback.sid, status: readback.status })
    options.logger?.info?.(`Twilio Messaging: an unanswered send was found in Twilio's list as ${readback.sid}`)
    return { ok: true, status: 200, message: { sid: readback.sid, status: readback.status }, confirmedByReadback: true }
  }
  // Kept so a redelivery reaching this process or this stateContext looks once more before sending.
  await record({ state: 'uncertain', at: startedAt })
  if (readback.kind === 'ambiguous') return failure(ambiguityError(readback.sids))
  if (readback.kind === 'none') {
    const error = new RetryableError(
      `${outcome.error.message} Twilio's message list shows no such message, so Segment retries.`,
      retryableStatus(outcome.error.status)
    )
    return { ...outcome, error }
  }
  return outcome
}

/** Twilio may or may not have created the message: no answer, an answer without a message, or a 5xx. */
function outcomeUnknown(outcome: Extract<SendOutcome, { ok: false }>): boolean {
  return outcome.uncertain || (typeof outcome.error.status === 'number' && outcome.error.status >= 500)
}

type RetryableStatus = ConstructorParameters<typeof RetryableError>[1]

/** Keeps the send's own status (504 timeout, 503 dropped, Twilio's 5xx) when Segment retries it, else 503. */
function retryableStatus(status: number | undefined): RetryableStatus {
  return status !== undefined && status >= 500 && status !== 501 && status <= 599 ? (status as RetryableStatus) : 503
}

function ambiguityError(sids: string[]): IntegrationError {
  // Final: retrying cannot tell the messages apart, and sending again could reach the recipient twice.
  return new IntegrationError(
    `A send of this event got no usable answer from Twilio, and Twilio holds ${sids.join(
      ', '
    )} to the same recipient from the same sender, created meanwhile. A template or media-only message cannot be told apart from another one, so it was not sent again: check ${
      sids.length > 1 ? 'those messages' : 'that message'
    } in the Twilio Console.`,
    'UNCERTAIN_DELIVERY',
    409
  )
}

function failure(error: IntegrationError | RetryableError): DedupOutcome {
  return { ok: false, error, uncertain: false }
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
