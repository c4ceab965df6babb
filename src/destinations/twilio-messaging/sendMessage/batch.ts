// performBatch: Twilio has no batch endpoint, so a batch's messages are sent one request each, a bounded number at
// a time. Every payload gets exactly one entry, at its own index, and one event's failure never fails the batch.
import {
  ErrorCodes,
  InvalidAuthenticationError,
  MultiStatusResponse,
  PayloadValidationError,
  RetryableError,
  getErrorCodeFromHttpStatus
} from '@segment/actions-core'
import type { ExecuteInput, JSONLikeObject, RequestClient } from '@segment/actions-core'
import type { Settings } from '../generated-types'
import type { Payload } from './generated-types'
import type { FormParams } from './build-request'
import { recordedResult, sendOnce } from './dedup'
import type { DedupOutcome } from './dedup'
import { accountLimiter, withPermit } from './adaptive-concurrency'
import type { CapacitySignal, ReleaseVerdict } from './adaptive-concurrency'
import { fields } from './fields'
import { pairPayloadsWithEvents } from './pairing'
import { buildOrRecorded } from './recorded-first'
import type { Prepared } from './recorded-first'
import { settingsShapeProblem } from './settings-check'
import { runtimeConfigError, runtimeConfigProblem } from './runtime-check'
import { numberFromEnv } from './runtime-env'

/**
 * Create Message calls in flight for one account, adapted to Twilio's answers (adaptive-concurrency.ts): a batch
 * starts from 50 (two processes side by side stay within Twilio's default of 100 concurrent requests per account),
 * grows while Twilio answers without 429s, and backs off on 429s and unanswered calls, never above the ceiling.
 * The ceiling is the operator's knob (TWILIO_MESSAGING_BATCH_CONCURRENCY, 1-1000): one process never has more
 * calls in flight for an account, whatever Twilio would take.
 */
export const INITIAL_BATCH_CONCURRENCY = 50
export const DEFAULT_BATCH_CONCURRENCY_CEILING = 250
export const BATCH_CONCURRENCY_ENV = 'TWILIO_MESSAGING_BATCH_CONCURRENCY'
export const MAX_BATCH_CONCURRENCY = 1000

/** The ceiling: TWILIO_MESSAGING_BATCH_CONCURRENCY (a whole number from 1 to 1000), else 250; throws when unusable. */
export function batchConcurrency(): number {
  return numberFromEnv(BATCH_CONCURRENCY_ENV, DEFAULT_BATCH_CONCURRENCY_CEILING, { min: 1, max: MAX_BATCH_CONCURRENCY })
}

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

export async function performBatch(request: RequestClient, data: ExecuteInput<Settings, Payload[]>) {
  const payloads = data.payload
  const { rawData, rawMapping } = data as { rawData?: unknown; rawMapping?: unknown }
  const result = new MultiStatusResponse()
  // Unusable settings (final) or process settings (retryable: Segment keeps the batch until the process is fixed)
  // answer every event alike, before any request; the batch itself still answers, so nothing becomes a 500.
  const settingsProblem = settingsShapeProblem(data.settings)
  const runtimeProblem = settingsProblem ? undefined : runtimeConfigProblem([batchConcurrency])
  const batchError = settingsProblem
    ? new InvalidAuthenticationError(settingsProblem)
    : runtimeProblem
    ? runtimeConfigError(runtimeProblem)
    : undefined
  if (batchError) {
    payloads.forEach((payload, index) =>
      result.setErrorResponseAtIndex(
        index,
        errorEntry(batchError, payload as unknown as JSONLikeObject, { not_sent: true })
      )
    )
    return result
  }
  const pairing = pairPayloadsWithEvents(rawData, payloads.length, rawMapping, fields)
  if (pairing.method === 'unpaired') {
    data.logger?.warn?.('Twilio Messaging: batch payloads could not be paired with their events')
  }
  const events = pairing.events
  const limiter = accountLimiter(data.settings.accountSID.trim(), {
    initial: INITIAL_BATCH_CONCURRENCY,
    ceiling: batchConcurrency()
  })
  // Set when backing off is exhausted (429s at the lowest concurrency, or back-offs in a row): sends that have not
  // started yet are reported as 429 instead of going out.
  let coolingDown = false

  const tasks = payloads.map(async (payload, index) => {
    const dedupOptions = {
      messageId: messageIdOf(payload, events[index]),
      stateContext: data.stateContext,
      logger: data.logger
    }
    let prepared: Prepared
    try {
      prepared = await buildOrRecorded(
        payload,
        { event: events[index], mapping: rawMapping },
        data.settings,
        dedupOptions
      )
    } catch (error) {
      result.setErrorResponseAtIndex(index, validationEntry(error, payload))
      return undefined
    }
    const { message } = prepared
    const sent = formObject(message.params)
    const send = async (resend: boolean): Promise<CapacitySignal> => {
      // Held back after a 429, unless it was sent before: a redelivered event still gets its recorded result.
      const recorded =
        prepared.recorded ?? (coolingDown ? await recordedResult(data.settings, message, dedupOptions) : undefined)
      if (coolingDown && !recorded) {
        // A resend keeps Twilio's own 429 entry from the first attempt.
        if (resend) return 'unused'
        result.setErrorResponseAtIndex(index, {
          status: 429,
          errortype: 'TOO_MANY_REQUESTS',
          errormessage: COOL_DOWN_MESSAGE,
          sent,
          body: { not_sent: true, reason: 'cool-down after a 429 from Twilio' }
        })
        return 'unused'
      }
      let outcome: DedupOutcome
      try {
        outcome = recorded ?? (await sendOnce(request, data.settings, message, dedupOptions))
      } catch (error) {
        // sendOnce does not throw; this only guards the batch against a bug in it.
        outcome = {
          ok: false,
          error: new RetryableError(`Unexpected failure: ${(error as Error)?.name}`),
          uncertain: false
        }
      }
      if (outcome.ok) {
        result.setSuccessResponseAtIndex(index, {
          status: outcome.status,
          sent,
          body: outcome.duplicate
            ? { sid: outcome.message.sid, status: outcome.message.status, duplicate: true }
            : outcome.confirmedByReadback
            ? { sid: outcome.message.sid, status: outcome.message.status, confirmedByReadback: true }
            : (outcome.message as JSONLikeObject)
        })
        return recorded || outcome.duplicate ? 'unused' : 'answered'
      }
      result.setErrorResponseAtIndex(index, errorEntry(outcome.error, sent, outcome.body))
      return recorded ? 'unused' : capacitySignal(outcome)
    }
    const onVerdict = (verdict: ReleaseVerdict) => {
      if (verdict.exhausted && !coolingDown) {
        coolingDown = true
        data.logger?.warn?.('Twilio keeps answering 429: holding back the unsent messages of this batch')
      }
    }
    // A 429 means Twilio did nothing with the message, so sending it again cannot duplicate it: it waits for a slot
    // at the lowered level, up to REFUSED_RESENDS times, instead of waiting for Segment's retry (minutes later).
    // During a cool-down it stays reported as Twilio's 429.
    for (let resends = 0; ; resends++) {
      let refused = false
      await withPermit(
        limiter,
        async () => {
          const signal = await send(resends > 0)
          refused = signal === 'refused'
          return signal
        },
        onVerdict
      )
      if (!refused || coolingDown || resends >= REFUSED_RESENDS) return
    }
  })
  await Promise.all(tasks)
  return result
}

/**
 * 429 (20429) says "too many in flight", and so may a connection that failed without an answer (reported as 503
 * with no body). A timeout says nothing either way (the answer may be slow for other reasons); any answer says
 * there was room.
 */
function capacitySignal(outcome: { error: { status?: number }; body?: unknown }): CapacitySignal {
  // 429 with 20429 (or no code): too many in flight. Other failures reported as 429 for Segment to retry, such as
  // 21611 (the sender's queue is full, HTTP 400), say nothing about concurrency and must not be sent again at once.
  const code = (outcome.body as { code?: unknown } | undefined)?.code
  if (outcome.error.status === 429) return code === undefined || code === 20429 ? 'refused' : 'answered'
  if (outcome.body === undefined && outcome.error.status === 503) return 'unanswered'
  return outcome.body === undefined && outcome.error.status === 504 ? 'unused' : 'answered'
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
