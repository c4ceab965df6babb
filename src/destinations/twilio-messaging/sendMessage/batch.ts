// performBatch: Twilio has no batch endpoint, so a batch's messages are sent one request each, as many at a time as
// the account's limiter allows. Every payload gets exactly one entry, at its own index, one event's failure never
// fails the batch, and the batch answers within its deadline (tuning.ts). Three passes, as for one event (dedup.ts):
// records first, then the sends, then one look at Twilio's list for each send that got no usable answer, once every
// direct answer of the batch is in (so a look never takes a message another event of the batch is about to be told
// is its own).
import {
  ErrorCodes,
  InvalidAuthenticationError,
  MultiStatusResponse,
  PayloadValidationError,
  getErrorCodeFromHttpStatus
} from '@segment/actions-core'
import type { ExecuteInput, JSONLikeObject, RequestClient } from '@segment/actions-core'
import type { Settings } from '../generated-types'
import type { Payload } from './generated-types'
import type { FormParams } from './build-request'
import { delivery, isOpen, notSentInTime, recall, recordedResult, sendNew, settle } from './dedup'
import type { DedupOutcome, Delivery, EventMessage, OpenSend } from './dedup'
import { accountLimiter, answered, withPermit } from './account-limiters'
import type { CallOutcome, CapacitySignal, ReleaseVerdict } from './account-limiters'
import { fields } from './fields'
import { pairPayloadsWithEvents } from './pairing'
import { buildOrRecorded } from './recorded-first'
import { settingsShapeProblem } from './settings-check'
import { rawEvents, rawMapping } from './framework'
import { buildContextOf } from './flags'
import { Deadline } from './tuning'
import type { Tuning } from './tuning'

/** Create Message calls in flight for one account start here and adapt to Twilio's answers, up to the ceiling. */
export const INITIAL_BATCH_CONCURRENCY = 50
/** Looks at the list in flight at once in the last pass (they are few: one per send without a usable answer). */
const SETTLE_CONCURRENCY = 10

type ErrorType = keyof typeof ErrorCodes

interface ErrorEntry {
  status: number
  errortype: ErrorType
  errormessage: string
  sent: JSONLikeObject | string
  body: JSONLikeObject | string
}

/** How many times one batch sends a message again after Twilio refused it with 429 (before its cool-down). */
export const REFUSED_RESENDS = 2

const COOL_DOWN_MESSAGE =
  'Not sent: Twilio answered 429 (too many requests) to another message of this batch, so the rest of the batch was held back. Segment retries it later.'

export function createPerformBatch(tuning: Tuning) {
  return async function performBatch(request: RequestClient, data: ExecuteInput<Settings, Payload[]>) {
    const deadline = new Deadline(tuning, tuning.batchDeadlineMs)
    const payloads = data.payload
    const result = new MultiStatusResponse()
    // Unusable settings answer every event alike (final), before any request; the batch itself still answers.
    const settingsProblem = settingsShapeProblem(data.settings)
    if (settingsProblem) {
      const error = new InvalidAuthenticationError(settingsProblem)
      payloads.forEach((payload, index) =>
        result.setErrorResponseAtIndex(
          index,
          errorEntry(error, payload as unknown as JSONLikeObject, { not_sent: true })
        )
      )
      return result
    }
    const d = delivery(request, data.settings, deadline, data)
    const mapping = rawMapping(data)
    const pairing = pairPayloadsWithEvents(
      rawEvents(data),
      payloads.length,
      mapping,
      fields,
      payloads.map((payload) => payload.messageId)
    )
    if (pairing.method === 'unpaired') data.logger?.warn?.('Twilio Messaging: batch payloads could not be paired')
    const outcomes = new Map<number, DedupOutcome>()
    const answer = (index: number, sent: JSONLikeObject, outcome: DedupOutcome, quietHours?: string) => {
      outcomes.set(index, outcome)
      if (outcome.ok)
        result.setSuccessResponseAtIndex(index, {
          status: outcome.status,
          sent,
          body: successBody(outcome, quietHours)
        })
      else result.setErrorResponseAtIndex(index, errorEntry(outcome.error, sent, outcome.body))
    }

    // Pass 1: build every message and answer what was recorded before (a look for a send left open earlier).
    const pending: Array<{ index: number; event: EventMessage; sent: JSONLikeObject }> = []
    const built: Array<{ index: number; event: EventMessage; sent: JSONLikeObject }> = []
    await Promise.all(
      payloads.map(async (payload, index) => {
        const event = pairing.events[index]
        const context = buildContextOf(data, tuning, event, mapping)
        let prepared
        try {
          prepared = await buildOrRecorded(payload, context, d, messageIdOf(payload, event))
        } catch (error) {
          result.setErrorResponseAtIndex(index, validationEntry(error, payload))
          return
        }
        const sent = formObject(prepared.event.message.params)
        if (prepared.recorded) answer(index, sent, prepared.recorded)
        else built.push({ index, event: prepared.event, sent })
      })
    )
    // A send left open by an earlier delivery is looked up in Twilio's list: as few at once as in the last pass.
    await forEachLimited(built, SETTLE_CONCURRENCY, async (entry) => {
      const recalled = await recall(d, entry.event)
      if (recalled) answer(entry.index, entry.sent, recalled)
      else pending.push(entry)
    })

    // The same event twice in one batch (at-least-once delivery) is sent once; the copy gets the first one's outcome.
    const leaders = new Map<string, number>()
    const copies: Array<{ index: number; sent: JSONLikeObject; leader: number }> = []
    const toSend = pending.filter(({ index, event, sent }) => {
      const leader = event.key === undefined ? undefined : leaders.get(event.key)
      if (leader !== undefined) copies.push({ index, sent, leader })
      else if (event.key !== undefined) leaders.set(event.key, index)
      return leader === undefined
    })

    // Pass 2: the sends, through the account's limiter.
    const limiter = accountLimiter(data.settings.accountSID.trim(), {
      initial: INITIAL_BATCH_CONCURRENCY,
      ceiling: tuning.concurrencyCeiling,
      now: tuning.now
    })
    // Set when backing off is exhausted (429s at the lowest concurrency, or back-offs in a row): sends that have not
    // started yet are reported as 429 instead of going out.
    let coolingDown = false
    const open: Array<{ index: number; event: EventMessage; sent: JSONLikeObject; send: OpenSend }> = []
    const onVerdict = (verdict: ReleaseVerdict) => {
      if (verdict.exhausted && !coolingDown) {
        coolingDown = true
        data.logger?.warn?.('Twilio keeps answering 429: holding back the unsent messages of this batch')
      }
    }
    await Promise.all(
      toSend.map(async ({ index, event, sent }) => {
        const sendOnce = async (resend: boolean): Promise<CallOutcome> => {
          if (coolingDown) {
            // A redelivered event still gets its recorded result; a resend keeps Twilio's own 429 entry.
            const recorded = await recordedResult(d, event.key)
            if (recorded) answer(index, sent, recorded)
            else if (!resend) result.setErrorResponseAtIndex(index, heldBack(sent))
            return 'unused'
          }
          const outcome = await sendNew(d, event)
          if (isOpen(outcome)) {
            open.push({ index, event, sent, send: outcome })
            return 'unused'
          }
          answer(index, sent, outcome, event.message.quietHours)
          return outcome.ok ? answered(outcome.response) : capacitySignal(outcome)
        }
        // A 429 means Twilio did nothing with the message, so sending it again cannot duplicate it: it waits for a
        // slot at the lowered level, up to REFUSED_RESENDS times, while time is left.
        for (let resends = 0; ; resends++) {
          if (deadline.sendTimeout() === undefined) {
            if (resends === 0) answer(index, sent, { ok: false, error: notSentInTime(), uncertain: false })
            return
          }
          let refused = false
          await withPermit(
            limiter,
            async () => {
              const outcome = await sendOnce(resends > 0)
              refused = outcome === 'refused'
              return outcome
            },
            onVerdict
          )
          if (!refused || coolingDown || resends >= REFUSED_RESENDS) return
        }
      })
    )

    // Pass 3: every direct answer is in; look up the sends without one.
    await forEachLimited(open, SETTLE_CONCURRENCY, async ({ index, event, sent, send }) => {
      answer(index, sent, await settle(d, event, send), event.message.quietHours)
    })
    for (const { index, sent, leader } of copies) {
      const outcome = outcomes.get(leader)
      // A leader held back by the cool-down has no outcome: its copy is held back alike.
      if (outcome === undefined) result.setErrorResponseAtIndex(index, heldBack(sent))
      else answer(index, sent, outcome.ok ? { ...outcome, status: 200, response: undefined, duplicate: true } : outcome)
    }
    return result
  }
}

async function forEachLimited<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await task(items[next++])
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

/** `quietHours`: what quiet hours decided for a message this batch sent (a recorded one decided nothing). */
function successBody(outcome: Extract<DedupOutcome, { ok: true }>, quietHours?: string): JSONLikeObject {
  const { sid, status } = outcome.message
  if (outcome.duplicate) return { sid, status, duplicate: true }
  const note = quietHours ? { quietHours } : {}
  if (outcome.confirmedByReadback) return { sid, status, confirmedByReadback: true, ...note }
  return { ...(outcome.message as JSONLikeObject), ...note }
}

function heldBack(sent: JSONLikeObject): ErrorEntry {
  return {
    status: 429,
    errortype: 'TOO_MANY_REQUESTS',
    errormessage: COOL_DOWN_MESSAGE,
    sent,
    body: { not_sent: true, reason: 'cool-down after a 429 from Twilio' }
  }
}

/**
 * Only Twilio's 429 (20429, or no code) says "too many in flight"; any other answer says there was room. Failures
 * reported as 429 for Segment to retry, such as 21611 (the sender's queue is full, HTTP 400), say nothing about
 * concurrency. A connection that failed or timed out says nothing either way: networks fail for other reasons.
 */
function capacitySignal(outcome: { error: { status?: number }; body?: unknown }): CapacitySignal {
  const code = (outcome.body as { code?: unknown } | undefined)?.code
  if (outcome.error.status === 429) return code === undefined || code === 20429 ? 'refused' : 'answered'
  return outcome.body === undefined ? 'unused' : 'answered'
}

/** The hidden field, or the event's own messageId for mappings saved before the field existed. */
export function messageIdOf(payload: Payload, event: unknown): string | undefined {
  if (typeof payload.messageId === 'string' && payload.messageId !== '') return payload.messageId
  const id = (event as { messageId?: unknown } | null | undefined)?.messageId
  return typeof id === 'string' && id !== '' ? id : undefined
}

/** Form parameters as an object; a repeated key (MediaUrl) becomes a list. */
export function formObject(params: FormParams): JSONLikeObject {
  const sent: Record<string, string | string[]> = {}
  for (const [name, value] of params) {
    const existing = sent[name]
    sent[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value]
  }
  return sent
}

function validationEntry(error: unknown, payload: Payload): ErrorEntry {
  const message =
    error instanceof PayloadValidationError
      ? error.message
      : `The message could not be built: ${(error as Error)?.message ?? String(error)}`
  return {
    status: 400,
    errortype: 'PAYLOAD_VALIDATION_FAILED',
    errormessage: message,
    sent: payload as unknown as JSONLikeObject,
    body: { not_sent: true, reason: message }
  }
}

/** The entry for a failed send: the same class, status and message `perform` would throw. */
export function errorEntry(
  error: Error & { status?: number; code?: string },
  sent: JSONLikeObject,
  body: unknown
): ErrorEntry {
  const status = typeof error.status === 'number' ? error.status : 500
  let errortype: ErrorType
  if (error instanceof InvalidAuthenticationError) errortype = 'INVALID_AUTHENTICATION'
  else if (error instanceof PayloadValidationError) errortype = 'PAYLOAD_VALIDATION_FAILED'
  else errortype = getErrorCodeFromHttpStatus(status)
  return {
    status,
    errortype,
    errormessage: error.message,
    sent,
    body: body === undefined || body === null ? { no_answer: true } : (body as JSONLikeObject | string)
  }
}

export type { Delivery }
