// Messages routes beyond create and fetch: the DateSent list filters and the update call that cancels a
// scheduled message or redacts a body (spec: UpdateMessage, ListMessage).
import type { Request, Response } from 'express'
import { EmulatorError, twilioErrorJson } from './errors'
import type { Lifecycle } from './lifecycle'
import { messageJson } from './resources'
import { FINAL_STATUSES, type StoredMessage } from './state'

export const DATE_SENT_FILTERS = ['DateSent', 'DateSent<', 'DateSent>'] as const

const DAY_MS = 24 * 60 * 60 * 1000
const DAY = /^\d{4}-\d{2}-\d{2}$/

/** A filter value: a whole UTC day (`YYYY-MM-DD`) or an instant (ISO-8601 or RFC 2822, as the SDKs send it). */
function parseDateSent(value: string): { start: number; end: number } | undefined {
  if (DAY.test(value)) {
    const start = Date.parse(`${value}T00:00:00Z`)
    return Number.isNaN(start) ? undefined : { start, end: start + DAY_MS }
  }
  const instant = Date.parse(value)
  return Number.isNaN(instant) ? undefined : { start: instant, end: instant + 1000 }
}

/**
 * Builds the predicate for `DateSent` (on that day), `DateSent<` (on and before) and `DateSent>` (on and after), as
 * the spec describes them. Messages not sent yet (no date_sent) never match a DateSent filter.
 */
export function dateSentPredicate(
  filters: Record<string, string>
): ((message: StoredMessage) => boolean) | EmulatorError {
  const bounds: { min: number; max: number } = { min: -Infinity, max: Infinity }
  let any = false
  for (const key of DATE_SENT_FILTERS) {
    const raw = filters[key]
    if (raw === undefined) continue
    const range = parseDateSent(raw.trim())
    if (!range) {
      return twilioErrorJson(400, 20001, `Invalid ${key} value: ${raw}. Use YYYY-MM-DD or an ISO-8601 date-time.`)
    }
    any = true
    if (key !== 'DateSent<') bounds.min = Math.max(bounds.min, range.start)
    if (key !== 'DateSent>') bounds.max = Math.min(bounds.max, range.end)
  }
  if (!any) return () => true
  return (message) => {
    const sent = message.dateSent?.getTime()
    return sent !== undefined && sent >= bounds.min && sent < bounds.max
  }
}

type FormBody = Record<string, string | string[] | undefined>
const scalar = (body: FormBody, key: string) => {
  const value = body[key]
  return Array.isArray(value) ? value[0] : value
}

/**
 * `POST Messages/{Sid}.json`: `Status=canceled` cancels a scheduled message (30409 when it is not scheduled any
 * more); `Body=` (empty) redacts the body of a message in a final status.
 */
export function updateMessage(req: Request, res: Response, message: StoredMessage, lifecycle: Lifecycle): void {
  const body = (req.body && typeof req.body === 'object' ? req.body : {}) as FormBody
  const status = scalar(body, 'Status')
  const text = scalar(body, 'Body')
  const fail = (error: EmulatorError) => void res.status(error.status).json(error)
  if (status === undefined && text === undefined) {
    return fail(twilioErrorJson(400, 20001, 'Provide Status=canceled or an empty Body to update a message.'))
  }
  if (status !== undefined) {
    if (status !== 'canceled') {
      return fail(twilioErrorJson(400, 20001, `Invalid Status: ${status}. The only value allowed is canceled.`))
    }
    const refused = lifecycle.cancel(message)
    if (refused) return fail(refused)
  }
  if (text !== undefined) {
    if (text !== '') return fail(twilioErrorJson(400, 20001, 'Body can only be set to an empty string (redaction).'))
    if (!FINAL_STATUSES.includes(message.status)) {
      return fail(twilioErrorJson(400, 20001, 'Cannot redact the body of a message that is not in a final status.'))
    }
    message.body = ''
  }
  res.json(messageJson(message))
}
