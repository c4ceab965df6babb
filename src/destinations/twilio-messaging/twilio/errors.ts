// Twilio's error bodies, the fixes for the codes a marketer meets, and the error classes Segment acts on.
import { IntegrationError, InvalidAuthenticationError, RetryableError, HTTPError } from '@segment/actions-core'

export interface TwilioErrorBody {
  code?: number
  message?: string
  more_info?: string
  status?: number
}

/** What to do about the Twilio errors a marketer meets most often. */
export const TWILIO_ERROR_FIXES: Record<number, string> = {
  20003: 'Check the Account SID, API Key SID and API Key Secret in the destination settings.',
  20404: 'The resource does not exist in this account: check the SID.',
  20429: 'Twilio is rate limiting the account; Segment retries automatically.',
  21211: "Map 'To Phone Number' to a valid E.164 number such as +14155552671.",
  21212: "Use a 'From Phone Number' that belongs to this Twilio account.",
  21408: 'Enable the destination country in Twilio Console > Messaging > Settings > Geo permissions.',
  21602: 'Provide an Inline Template body, media URLs or a Content Template SID.',
  21603: 'Choose a From Phone Number or a Messaging Service.',
  21606: "The 'From' number cannot send to this destination: pick another sender or a Messaging Service.",
  21608: 'Trial accounts can only send to verified numbers: verify the recipient or upgrade the account.',
  21610: 'The recipient replied STOP: they must reply START before they can receive messages again.',
  21611: 'The sender has too many queued messages; Segment retries automatically.',
  21612: 'This sender cannot reach this recipient: check the channel and the sender.',
  21614: 'The recipient number is not a mobile number that can receive messages.',
  21617: 'Shorten the message body to 1,600 characters or fewer.',
  21623: 'Send at most 10 media URLs.',
  21656: 'Content variables must be non-empty strings.',
  21910: "Use the same channel prefix on 'To' and 'From' (for example whatsapp: on both).",
  30003: 'The handset is off or out of coverage: try again later, or reach the recipient on another channel.',
  30005: 'The number does not exist or is out of service: remove it or ask the recipient for a current number.',
  30006: 'The number is a landline or its carrier cannot receive messages: use a mobile number.',
  30007:
    'The carrier filtered the message: register the sender (A2P 10DLC or toll-free verification) and avoid spam-like text.',
  30008: 'The carrier gave no reason: send again later; if it repeats, contact Twilio Support with the message SID.',
  35118: 'Scheduled messages need a Messaging Service sender.',
  63007: 'No sender exists for this channel: register the WhatsApp, RCS or Messenger sender in the Twilio Console.',
  63016: 'WhatsApp only allows free-form messages within 24 hours of the last reply: use an approved template.',
  63027:
    'The WhatsApp template is not approved for this language: use an approved template, or send within 24 hours of a reply.'
}

export function twilioErrorCodeName(code: number | undefined): string {
  return code === undefined ? 'TWILIO_ERROR' : `TWILIO_${code}`
}

/** Twilio codes that mean "try again later" although the HTTP status is a 4xx. */
const RETRYABLE_TWILIO_CODES = new Set([20429, 21611])

export function isRetryableTwilioFailure(status: number, code?: number): boolean {
  return status === 429 || status >= 500 || (code !== undefined && RETRYABLE_TWILIO_CODES.has(code))
}

/** Reads Twilio's JSON error body from whatever the HTTP client left on the response. */
export function parseTwilioErrorBody(data: unknown, text?: string): TwilioErrorBody | undefined {
  let value = data
  if ((value === undefined || typeof value === 'string') && (text ?? value)) {
    try {
      value = JSON.parse((text ?? value) as string)
    } catch {
      return undefined
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined
  const body = value as Record<string, unknown>
  const code = typeof body.code === 'number' ? body.code : Number.parseInt(String(body.code ?? ''), 10)
  return {
    code: Number.isFinite(code) ? code : undefined,
    message: typeof body.message === 'string' ? body.message : undefined,
    more_info: typeof body.more_info === 'string' ? body.more_info : undefined,
    status: typeof body.status === 'number' ? body.status : undefined
  }
}

/** `Twilio error 21211: The 'To' number … More info: https://… Fix: …` */
export function describeTwilioError(status: number, body: TwilioErrorBody | undefined, rawText?: string): string {
  if (!body || (body.code === undefined && !body.message)) {
    const snippet = (rawText ?? '').replace(/\s+/g, ' ').trim().slice(0, 200)
    return `Twilio answered HTTP ${status} without a Twilio error body${snippet ? `: "${snippet}"` : ''}.`
  }
  const parts = [`Twilio error ${body.code ?? status}: ${body.message ?? 'no message'}`]
  if (body.more_info) parts.push(`More info: ${body.more_info}`)
  const fix = body.code !== undefined ? TWILIO_ERROR_FIXES[body.code] : undefined
  if (fix) parts.push(`Fix: ${fix}`)
  return parts.join(' ')
}

export type TwilioActionError = IntegrationError | RetryableError | InvalidAuthenticationError

/**
 * Maps a Twilio failure to the error class Segment acts on:
 * 401/403 → authentication; 429, 5xx and 21611 → retryable (HTTP status kept); every other 4xx → final 400
 * with code `TWILIO_<code>`.
 */
export function twilioError(status: number, body: TwilioErrorBody | undefined, rawText?: string): TwilioActionError {
  const message = describeTwilioError(status, body, rawText)
  if (status === 401 || status === 403) return new InvalidAuthenticationError(message)
  if (isRetryableTwilioFailure(status, body?.code)) {
    const retryStatus = status === 429 || status >= 500 ? status : 429
    const error = new RetryableError(message, retryStatus as 429)
    // Keep Twilio's code visible to Segment's event tester and to batch results.
    error.code = twilioErrorCodeName(body?.code) as typeof error.code
    return error
  }
  return new IntegrationError(message, twilioErrorCodeName(body?.code), 400)
}

/** Reads an `HTTPError` thrown by the request client (body already parsed or still a stream) into an action error. */
export async function twilioErrorFromHttpError(error: HTTPError): Promise<TwilioActionError> {
  const response = error.response as HTTPError['response'] & { data?: unknown; content?: string }
  let text: string | undefined = typeof response.content === 'string' ? response.content : undefined
  let data: unknown = response.data
  if (data === undefined && text === undefined && !response.bodyUsed) {
    try {
      text = await response.text()
    } catch {
      text = undefined
    }
  }
  if (typeof data === 'string') {
    text = text ?? data
    data = undefined
  }
  return twilioError(response.status, parseTwilioErrorBody(data, text), text)
}
/** Twilio answered 2xx with something that is not the JSON list it documents (an HTML page, cut-off JSON, ...). */
export class TwilioResponseFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TwilioResponseFormatError'
  }
}

/**
 * Twilio answered a lookup with a redirect that is not followed: to a host that is not Twilio's (the request
 * carries the account's credentials), or one redirect too many.
 */
export class TwilioRedirectError extends Error {
  constructor(
    readonly status: number,
    /** Where the redirect pointed (origin only), or undefined when it named no usable address. */
    readonly target: string | undefined,
    readonly tooMany = false
  ) {
    super(
      tooMany
        ? `Twilio answered HTTP ${status} with one redirect too many`
        : `Twilio answered HTTP ${status} with a redirect to ${
            target ?? 'no usable address'
          }, which is not a Twilio host`
    )
    this.name = 'TwilioRedirectError'
  }
}

export interface LookupFailure {
  code: string
  message: string
}

/**
 * Turns anything a Twilio lookup threw into a code and a message: `what` names the thing being read
 * ("the phone numbers", "Content Template HX…"). Twilio's own error code is quoted where it gave one.
 */
export function describeLookupFailure(
  error: unknown,
  what: string,
  notFoundHint = 'check the Account SID in the destination settings (Twilio keys only work in the region where they were made)'
): LookupFailure {
  const err = error as { name?: string; code?: unknown; status?: unknown; response?: unknown; message?: unknown }
  const response = err?.response as { status?: number; data?: unknown; content?: string } | undefined
  if (error instanceof HTTPError || (response && typeof response.status === 'number')) {
    const status = response?.status ?? 0
    const body = parseTwilioErrorBody(
      response?.data,
      typeof response?.content === 'string' ? response.content : undefined
    )
    const twilio = body?.code !== undefined ? ` (Twilio error ${body.code})` : ''
    if (status === 401 || status === 403) {
      return {
        code: 'TWILIO_AUTH',
        message: `Twilio rejected the API key: check the Account SID, API Key SID and API Key Secret in the destination settings (the key must belong to this account and region)${twilio}.`
      }
    }
    if (status === 404) {
      return {
        code: 'TWILIO_NOT_FOUND',
        message: `Twilio could not find ${what}: ${notFoundHint}${twilio}.`
      }
    }
    if (status === 429) {
      return {
        code: 'TWILIO_RATE_LIMITED',
        message: `Twilio is rate limiting this account: try again in a minute${twilio}.`
      }
    }
    if (status >= 500) {
      return {
        code: 'TWILIO_UNAVAILABLE',
        message: `Twilio could not return ${what} right now (HTTP ${status}): try again in a few minutes${twilio}.`
      }
    }
    return {
      code: twilioErrorCodeName(body?.code),
      message: `Twilio refused the request for ${what}: ${describeTwilioError(status, body, response?.content)}`
    }
  }
  const name = typeof err?.name === 'string' ? err.name : ''
  if (
    name === 'TimeoutError' ||
    name === 'RequestTimeoutError' ||
    name === 'AbortError' ||
    err?.code === 'ETIMEDOUT' ||
    err?.code === 'REQUESTTIMEOUTERROR'
  ) {
    return {
      code: 'TWILIO_TIMEOUT',
      message: `Twilio took too long to return ${what}: try again in a moment.`
    }
  }
  if (error instanceof TwilioRedirectError) {
    const where = error.tooMany ? 'redirects again and again' : `redirects to ${error.target ?? 'no usable address'}`
    return {
      code: 'TWILIO_REDIRECT',
      message: `Twilio's answer for ${what} ${where}, which the lookup does not follow: the API key is only sent to Twilio's own hosts. Try again in a few minutes; if it keeps happening, check Twilio's status page.`
    }
  }
  if (error instanceof TwilioResponseFormatError) {
    return {
      code: 'TWILIO_BAD_RESPONSE',
      message: `Twilio sent an unreadable answer for ${what}: try again in a few minutes. If it keeps happening, check Twilio's status page.`
    }
  }
  const detail = typeof err?.message === 'string' && err.message ? `: ${err.message}` : ''
  return { code: 'LOOKUP_FAILED', message: `Could not load ${what} from Twilio${detail}. Try again in a moment.` }
}
