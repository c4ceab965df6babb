// Duplicate protection. Segment delivers at least once, so one event can reach `perform` or `performBatch` twice; a
// message Twilio has accepted must not go out again, and a message must never be reported for an event that did
// not send it. One delivery of an event goes through three steps, none of which waits on a timer:
// 1. recall: a record of this event's message answers at once; a send an earlier delivery left open (uncertain) is
//    looked up in Twilio's list, which has had time to catch up since;
// 2. send: one Create Message call, with a timeout that leaves time for step 3 within the invocation's deadline;
// 3. settle: a send without a usable answer (timeout, connection dropped after it opened, 5xx but 503, a 2xx
//    without a message) is looked up in Twilio's list once, at once. Found: this event's message. Not found: the send
//    is recorded as open and answered retryable, and the next delivery starts again at step 1.
// A message found in the list is taken only if no other event took it (a claim per message SID, see
// state-store.ts): two events with the same text to the same recipient never share one message.
import { IntegrationError, RetryableError } from '@segment/actions-core'
import type { Logger, RequestClient, StateContext } from '@segment/actions-core'
import type { Settings } from '../generated-types'
import { settingsRegion } from '../twilio'
import type { TwilioTarget } from '../twilio'
import type { MessageRequest } from './build-request'
import { decide, listCandidates } from './readback'
import type { Readback } from './readback'
import { trySendMessage } from './send'
import { identicalCreatesSettled, whileCreating } from './creating'
import type { SendOutcome } from './send'
import { clearMemoryStore, dedupStore, memoryStoreStats, recordKey } from './state-store'
import type { DedupStore } from './state-store'
import type { Deadline } from './tuning'
import { hash128 } from './hash'
import { settingsTarget } from './settings-check'

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
 * messageId: no record is kept (the look at the list after an unanswered send still applies). The parameters are
 * the message's `recordParams` when it has them: without the Send At quiet hours chose from the clock.
 */
export function dedupKey(accountSid: string, messageId: unknown, message: MessageRequest): string | undefined {
  if (typeof messageId !== 'string' || messageId.trim() === '') return undefined
  const account = accountSid.trim()
  let text = `${account.length}:${account}${messageId.length}:${messageId}`
  for (const [name, value] of message.recordParams ?? message.params)
    text += `${name.length}:${name}${value.length}:${value}`
  return recordKey(hash128(text))
}

export type DedupOutcome = SendOutcome & {
  /** Answered from a record: no message was sent by this invocation. */
  duplicate?: boolean
  /** The send got no usable answer, and Twilio's list showed the message it created. */
  confirmedByReadback?: boolean
}

/** What one invocation shares between its events. */
export interface Delivery {
  request: RequestClient
  settings: Settings
  /** The region (and edge) of the settings: where every send and read-back goes. */
  target: TwilioTarget
  store: DedupStore
  deadline: Deadline
  logger?: Logger
}

export function delivery(
  request: RequestClient,
  settings: Settings,
  deadline: Deadline,
  options: { stateContext?: StateContext; logger?: Logger } = {}
): Delivery {
  return {
    request,
    settings,
    target: settingsTarget(settings),
    deadline,
    store: dedupStore(options.stateContext),
    logger: options.logger
  }
}

/** One event's message and what it is remembered by. */
export interface EventMessage {
  message: MessageRequest
  /** The record key; undefined without a messageId. */
  key?: string
  /** Who a claimed message belongs to: the record key, or a name of its own for an event without one. */
  owner: string
}

let unkeyed = 0

export function eventMessage(settings: Settings, messageId: unknown, message: MessageRequest): EventMessage {
  // Each region keeps its own messages: outside US1 (where keys stay as they were) the region is part of the key.
  const region = settingsRegion(settings) ?? 'us1'
  const key = dedupKey(
    region === 'us1' ? settings.accountSID : `${settings.accountSID.trim()}@${region}`,
    messageId,
    message
  )
  return { message, key, owner: key ?? recordKey(`unkeyed-${process.pid}-${++unkeyed}`) }
}

/** A send that got no usable answer: Twilio may hold its message. */
export interface OpenSend {
  outcome: Extract<SendOutcome, { ok: false }>
  startedAt: number
  timeoutMs: number
}

/** Step 1: the recorded outcome of an earlier delivery, or undefined when the event must be sent. */
export async function recall(d: Delivery, event: EventMessage): Promise<DedupOutcome | undefined> {
  if (!event.key) return undefined
  const recorded = await safely(() => d.store.get(event.key as string), d.logger)
  if (recorded?.state === 'sent') return recordedOutcome(recorded.sid, recorded.status)
  if (recorded?.state !== 'uncertain') return undefined
  const since = recorded.at
  const readback = await look(d, event, since, since + d.deadline.tuning.sendTimeoutMs)
  if (readback.kind === 'none') return undefined
  if (readback.kind === 'found') {
    await safely(() => d.store.set(event.key as string, sentEntry(readback)), d.logger)
    return recordedOutcome(readback.sid, readback.status)
  }
  if (readback.kind === 'ambiguous') return failure(ambiguityError(readback.sids))
  return failure(
    new RetryableError(
      'An earlier attempt to send this event got no answer from Twilio, and Twilio could not be asked now whether it arrived: nothing was sent again; Segment retries.',
      503
    )
  )
}

/** Step 2: one Create Message call. Either its outcome, or an open send for step 3. */
export async function sendNew(d: Delivery, event: EventMessage): Promise<DedupOutcome | OpenSend> {
  const timeoutMs = d.deadline.sendTimeout()
  if (timeoutMs === undefined) return failure(notSentInTime())
  const startedAt = d.deadline.tuning.now()
  const outcome = await whileCreating(event.message, async () => {
    const answer = await trySendMessage(d.request, d.target, d.settings, event.message, timeoutMs)
    // Twilio's own answer: this message is the event's, whatever a look at the list elsewhere assumed.
    if (answer.ok) await d.store.claim(answer.message.sid, event.owner, true)
    return answer
  })
  if (outcome.ok) {
    const { sid, status } = outcome.message
    if (event.key)
      await safely(() => d.store.set(event.key as string, { state: 'sent', sid, status: String(status) }), d.logger)
    return outcome
  }
  return outcome.uncertain ? { outcome, startedAt, timeoutMs } : outcome
}

export function isOpen(result: DedupOutcome | OpenSend): result is OpenSend {
  return 'startedAt' in result
}

/** Step 3: one look at the list for an open send. Unsettled, it is recorded as open and answered retryable. */
export async function settle(d: Delivery, event: EventMessage, open: OpenSend): Promise<DedupOutcome> {
  const until = Math.min(d.deadline.tuning.now(), open.startedAt + open.timeoutMs)
  const readback = await look(d, event, open.startedAt, until)
  if (readback.kind === 'found') {
    if (event.key) await safely(() => d.store.set(event.key as string, sentEntry(readback)), d.logger)
    d.logger?.info?.(`Twilio Messaging: an unanswered send was found in Twilio's list as ${readback.sid}`)
    return { ok: true, status: 200, message: { sid: readback.sid, status: readback.status }, confirmedByReadback: true }
  }
  // Kept so that the next delivery looks once more before sending.
  if (event.key)
    await safely(() => d.store.set(event.key as string, { state: 'uncertain', at: open.startedAt }), d.logger)
  if (readback.kind === 'ambiguous') return failure(ambiguityError(readback.sids))
  const why =
    readback.kind === 'none'
      ? "Twilio's message list does not show it (yet)"
      : 'Twilio could not be asked whether it arrived in the time left'
  const error = new RetryableError(
    `${open.outcome.error.message} ${why}: Segment retries, and the retry looks in the list again before it sends.`,
    retryableStatus(open.outcome.error.status)
  )
  return { ...open.outcome, error }
}

/** All three steps for one event, as `perform` runs them. A concurrent delivery of the same message waits for this one. */
export async function deliverOnce(d: Delivery, event: EventMessage): Promise<DedupOutcome> {
  if (!event.key) return deliverUncached(d, event)
  const running = inFlight.get(event.key)
  if (running) {
    const outcome = await running
    return outcome.ok ? { ...outcome, status: 200, response: undefined, duplicate: true } : outcome
  }
  const promise = deliverUncached(d, event)
  inFlight.set(event.key, promise)
  try {
    return await promise
  } finally {
    inFlight.delete(event.key)
  }
}

/** Deliveries of the same key in flight in this process: as many as sends in flight, gone when they end. */
const inFlight = new Map<string, Promise<DedupOutcome>>()

async function deliverUncached(d: Delivery, event: EventMessage): Promise<DedupOutcome> {
  const recalled = await recall(d, event)
  if (recalled) return recalled
  const sent = await sendNew(d, event)
  return isOpen(sent) ? settle(d, event, sent) : sent
}

/** One look, with the messages other events took set aside, and this event's claim on the one it takes. */
async function look(d: Delivery, event: EventMessage, since: number, until: number): Promise<Readback> {
  // An identical message of another event being created in this process: its answer decides whose it is, so wait for
  // it (never past the time a look still needs).
  const settled = await identicalCreatesSettled(
    event.message,
    d.deadline.remaining() - d.deadline.tuning.lookupTimeoutMs
  )
  const timeoutMs = d.deadline.lookupTimeout()
  if (!settled || timeoutMs === undefined) return { kind: 'unknown' }
  const candidates = await listCandidates(d.request, d.target, d.settings.accountSID, event.message, {
    since,
    until,
    timeoutMs
  })
  if (!candidates) return { kind: 'unknown' }
  const owners = await Promise.all(candidates.map((candidate) => safely(() => d.store.claimedBy(candidate.sid))))
  const unclaimed = candidates.filter((_, i) => owners[i] === undefined || owners[i] === event.owner)
  const readback = decide(event.message, unclaimed)
  if (readback.kind !== 'found') return readback
  // The claim is checked and taken in one step: a concurrent look for an identical message takes the next one.
  for (const candidate of unclaimed) {
    if (await d.store.claim(candidate.sid, event.owner)) return { kind: 'found', ...candidate }
  }
  return { kind: 'none' }
}

function sentEntry(found: { sid: string; status: string }) {
  return { state: 'sent' as const, sid: found.sid, status: found.status }
}

type RetryableStatus = ConstructorParameters<typeof RetryableError>[1]

/** Keeps the send's own status (504 timeout, 503 dropped, Twilio's 5xx) when Segment retries it, else 503. */
function retryableStatus(status: number | undefined): RetryableStatus {
  return status !== undefined && status >= 500 && status !== 501 && status <= 599 ? (status as RetryableStatus) : 503
}

export function notSentInTime(): RetryableError {
  return new RetryableError(
    'Not sent: this invocation reached its time limit before the message could be sent and checked; Segment retries it.',
    503
  )
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
export async function recordedResult(d: Pick<Delivery, 'store' | 'logger'>, key: string | undefined) {
  if (!key) return undefined
  const recorded = await safely(() => d.store.get(key), d.logger)
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
