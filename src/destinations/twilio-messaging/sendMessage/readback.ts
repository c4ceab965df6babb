// Reading back from Twilio whether a send whose outcome is unknown created a message. Twilio's Create Message has
// no idempotency key, so after a timeout, a dropped connection or a 5xx the only way to know is its Messages list
// (GET .../Messages.json, newest first, filtered by To and From; the spec's DateSent filter matches `date_sent`,
// which is empty until a message leaves Twilio, so the creation window is checked here on `date_created`).
// A look never waits before asking: when the list has not caught up yet, the send stays open (recorded as
// uncertain) and the next delivery of the event looks again, by when it has.
import type { RequestClient } from '@segment/actions-core'
import { messagesUrl } from '../twilio'
import type { TwilioTarget } from '../twilio'
import type { MessageRequest } from './build-request'

/** How far a listed message's date may be off the attempt's window (Twilio's clock against ours). */
export const READBACK_SKEW_MS = 15_000
const PAGE_SIZE = '100'

export type Readback =
  | { kind: 'found'; sid: string; status: string }
  /** A template or media-only message: any candidate could be another message, so nothing is guessed. */
  | { kind: 'ambiguous'; sids: string[] }
  | { kind: 'none' }
  /** Twilio could not be asked (error answer, unreadable list, no connection, no time left). */
  | { kind: 'unknown' }

/** A listed message that could be the one looked for, oldest first. */
export interface Candidate {
  sid: string
  status: string
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

export interface LookOptions {
  /** Created between these two times (ms), each widened by the skew. */
  since: number
  until: number
  timeoutMs: number
}

/**
 * Messages to the same recipient, from the same sender, with the same body (when there is one) and media count,
 * created in the window, oldest first; undefined when Twilio could not be asked.
 */
export async function listCandidates(
  request: RequestClient,
  target: TwilioTarget,
  accountSid: string,
  message: MessageRequest,
  options: LookOptions
): Promise<Candidate[] | undefined> {
  const params = new Map(message.params)
  const to = params.get('To')
  if (!to) return []
  const search = new URLSearchParams({ To: to, PageSize: PAGE_SIZE })
  const from = params.get('From')
  if (from !== undefined) search.set('From', from)
  let list: ListedMessage[] | undefined
  try {
    const response = await request<{ messages?: ListedMessage[] }>(
      `${messagesUrl(target, accountSid.trim())}?${search}`,
      {
        method: 'GET',
        throwHttpErrors: false,
        skipResponseCloning: true,
        redirect: 'manual',
        timeout: options.timeoutMs
      }
    )
    if (response.status >= 300) return undefined
    const data = response.data && typeof response.data === 'object' ? response.data : parseJson(response.content)
    list = Array.isArray(data?.messages) ? data.messages : undefined
  } catch {
    return undefined
  }
  if (!list) return undefined
  const mediaCount = message.params.filter(([name]) => name === 'MediaUrl').length
  const service = params.get('MessagingServiceSid')
  const body = params.get('Body')
  const matching = list.filter((item) => {
    const created = Date.parse(item.date_created ?? '')
    return (
      typeof item.sid === 'string' &&
      item.to === to &&
      (from === undefined || item.from === from) &&
      (service === undefined || item.messaging_service_sid === service) &&
      (body === undefined || item.body === body) &&
      (item.num_media === undefined || Number(item.num_media) === mediaCount) &&
      created >= options.since - READBACK_SKEW_MS &&
      created <= options.until + READBACK_SKEW_MS
    )
  })
  // The list is newest first; the oldest match is the copy the recipient got first.
  return matching.reverse().map((item) => ({ sid: item.sid as string, status: String(item.status ?? 'accepted') }))
}

/**
 * Decides from the candidates left once messages other events took as theirs are set aside. With a body the oldest
 * one is this event's; without one (a template or media only) any of them could be another message.
 */
export function decide(message: MessageRequest, unclaimed: Candidate[] | undefined): Readback {
  if (!unclaimed) return { kind: 'unknown' }
  if (unclaimed.length === 0) return { kind: 'none' }
  if (!message.params.some(([name]) => name === 'Body')) {
    return { kind: 'ambiguous', sids: unclaimed.map((candidate) => candidate.sid) }
  }
  return { kind: 'found', sid: unclaimed[0].sid, status: unclaimed[0].status }
}

function parseJson(text: string | undefined): { messages?: ListedMessage[] } | undefined {
  try {
    return JSON.parse(text ?? '')
  } catch {
    return undefined
  }
}
