// Reading back from Twilio whether a send whose outcome is unknown created a message. Twilio's Create Message has
// no idempotency key, so after a timeout, a dropped connection or a 5xx the only way to know is its Messages list
// (GET .../Messages.json, newest first, filtered by To and From; the spec's DateSent filter matches `date_sent`,
// which is empty until a message leaves Twilio, so the creation window is checked here on `date_created`).
import type { RequestClient } from '@segment/actions-core'
import { messagesUrl } from '../twilio'
import type { MessageRequest } from './build-request'
import { numberListFromEnv } from './runtime-env'

/** How far a listed message's date may be off the attempt's window (Twilio's clock against ours). */
export const READBACK_SKEW_MS = 60_000
/**
 * Pauses before each look at the list, in ms: Twilio's list can lag behind a message it just created.
 * TWILIO_MESSAGING_READBACK_WAITS_MS (comma-separated) overrides them for self-hosting and tests.
 */
export const READBACK_WAITS_ENV = 'TWILIO_MESSAGING_READBACK_WAITS_MS'
export const DEFAULT_READBACK_WAITS_MS = [1000, 2000]
const PAGE_SIZE = '100'

export type Readback =
  | { kind: 'found'; sid: string; status: string }
  /** A template or media-only message: any candidate could be another message, so nothing is guessed. */
  | { kind: 'ambiguous'; sids: string[] }
  | { kind: 'none' }
  /** Twilio could not be asked (error answer, unreadable list, no connection). */
  | { kind: 'unknown' }

/** Throws RuntimeConfigError for a value that is not a list of whole numbers of ms up to a minute. */
export function readbackWaits(): number[] {
  return numberListFromEnv(READBACK_WAITS_ENV, DEFAULT_READBACK_WAITS_MS, { min: 0, max: 60_000, unit: 'ms' })
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
 * Looks for the message of an attempt that started at `since`, waiting before each look. Stops at the first
 * answer that settles it (found or ambiguous); otherwise the last look's answer (none, or unknown when Twilio
 * could not be asked at all).
 */
export async function readBackSend(
  request: RequestClient,
  accountSid: string,
  message: MessageRequest,
  since: number,
  waits: number[] = readbackWaits()
): Promise<Readback> {
  let result: Readback = { kind: 'unknown' }
  let sawList = false
  for (const wait of waits) {
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    const look = await lookOnce(request, accountSid, message, since, Date.now())
    if (look.kind === 'found' || look.kind === 'ambiguous') return look
    if (look.kind === 'none') sawList = true
    result = sawList ? { kind: 'none' } : look
  }
  return result
}

/**
 * One look at the list for a message to the same recipient, from the same sender, with the same media count,
 * created between `since` and `until` (each widened by the skew). With a body, the body must match too; without one
 * (a template or media only) the list cannot tell this message from another one, so candidates are ambiguous.
 */
export async function lookOnce(
  request: RequestClient,
  accountSid: string,
  message: MessageRequest,
  since: number,
  until: number
): Promise<Readback> {
  const params = new Map(message.params)
  const to = params.get('To')
  if (!to) return { kind: 'none' }
  const search = new URLSearchParams({ To: to, PageSize: PAGE_SIZE })
  const from = params.get('From')
  if (from !== undefined) search.set('From', from)
  let list: ListedMessage[] | undefined
  try {
    const response = await request<{ messages?: ListedMessage[] }>(`${messagesUrl(accountSid.trim())}?${search}`, {
      method: 'GET',
      throwHttpErrors: false,
      skipResponseCloning: true
    })
    if (response.status >= 400) return { kind: 'unknown' }
    const data = response.data && typeof response.data === 'object' ? response.data : parseJson(response.content)
    list = Array.isArray(data?.messages) ? data.messages : undefined
  } catch {
    return { kind: 'unknown' }
  }
  if (!list) return { kind: 'unknown' }
  const mediaCount = message.params.filter(([name]) => name === 'MediaUrl').length
  const service = params.get('MessagingServiceSid')
  const body = params.get('Body')
  const candidates = list.filter((item) => {
    const created = Date.parse(item.date_created ?? '')
    return (
      typeof item.sid === 'string' &&
      item.to === to &&
      (from === undefined || item.from === from) &&
      (service === undefined || item.messaging_service_sid === service) &&
      (body === undefined || item.body === body) &&
      (item.num_media === undefined || Number(item.num_media) === mediaCount) &&
      created >= since - READBACK_SKEW_MS &&
      created <= until + READBACK_SKEW_MS
    )
  })
  if (candidates.length === 0) return { kind: 'none' }
  if (body === undefined) return { kind: 'ambiguous', sids: candidates.map((item) => item.sid as string) }
  // Newest first: the oldest matching one is the copy the recipient got first.
  const match = candidates[candidates.length - 1]
  return { kind: 'found', sid: match.sid as string, status: String(match.status ?? 'accepted') }
}

function parseJson(text: string | undefined): { messages?: ListedMessage[] } | undefined {
  try {
    return JSON.parse(text ?? '')
  } catch {
    return undefined
  }
}
