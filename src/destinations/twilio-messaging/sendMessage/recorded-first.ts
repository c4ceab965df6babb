// A redelivery of a send Twilio already accepted is answered from its record before any rule that depends on the
// clock. Otherwise a scheduled message redelivered after its Send At window closed (Segment retries for hours)
// would get a final 400 although Twilio holds it, and the sender would be told it failed; and a message sent at
// 20:50, redelivered at 21:10, would be refused by quiet hours although the recipient has it.
import { PayloadValidationError } from '@segment/actions-core'
import type { Payload } from './generated-types'
import { buildMessageRequest } from './build-request'
import type { BuildContext, MessageRequest } from './build-request'
import { eventMessage, recordedResult } from './dedup'
import type { DedupOutcome, Delivery, EventMessage } from './dedup'
import { brokeClockRule } from './validation'

/** How far ahead of the clock the Send At is placed to rebuild the message without the scheduling window. */
const INSIDE_WINDOW_MS = 60 * 60 * 1000

/** The message to send; or, with `recorded`, the message already accepted (built without the clock rules). */
export type Prepared = { event: EventMessage; recorded?: DedupOutcome }

/**
 * The event's message, or its recorded result when the payload breaks only a clock rule and the same message was
 * accepted before. Any other validation error is thrown as it is, without building the message a second time.
 */
export async function buildOrRecorded(
  payload: Payload,
  context: BuildContext,
  d: Delivery,
  messageId: string | undefined
): Promise<Prepared> {
  try {
    return { event: eventMessage(d.settings, messageId, buildMessageRequest(payload, context)) }
  } catch (error) {
    // Only the Send At window and quiet hours depend on the clock: any other refusal would repeat itself.
    if (!(error instanceof PayloadValidationError) || !brokeClockRule(error)) throw error
    const message = buildIgnoringClock(payload, context)
    const event = message && eventMessage(d.settings, messageId, message)
    const recorded = event ? await recordedResult(d, event.key) : undefined
    if (event && recorded) return { event, recorded }
    throw error
  }
}

/**
 * The same message as its record knows it: quiet hours off (the Send At they choose is never part of the record key,
 * see recordParams in build-request.ts) and, with a Send At of its own, the clock moved to an hour before it.
 * Undefined when that fails too.
 */
export function buildIgnoringClock(payload: Payload, context: BuildContext): MessageRequest | undefined {
  const sendAt = typeof payload.sendAt === 'string' ? Date.parse(payload.sendAt) : Number.NaN
  const now = Number.isNaN(sendAt) ? context.now : new Date(sendAt - INSIDE_WINDOW_MS)
  try {
    return buildMessageRequest({ ...payload, quietHours: false }, { ...context, now })
  } catch {
    return undefined
  }
}
