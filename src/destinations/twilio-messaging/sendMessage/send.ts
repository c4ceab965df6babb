import { HTTPError, RetryableError } from '@segment/actions-core'
import type { ModifiedResponse, RequestClient } from '@segment/actions-core'
import type { Settings } from '../generated-types'
import { messagesUrl, parseTwilioErrorBody, twilioError, twilioErrorFromHttpError } from '../twilio'
import type { TwilioActionError } from '../twilio'
import type { MessageRequest } from './build-request'
import { numberFromEnv } from './runtime-env'

export interface TwilioMessage {
  sid: string
  status: string
  [key: string]: unknown
}

/**
 * How long one Create Message call may take. actions-core's default (10 s) unless the process sets
 * TWILIO_MESSAGING_SEND_TIMEOUT_MS (self-hosting, fault tests).
 */
export const SEND_TIMEOUT_ENV = 'TWILIO_MESSAGING_SEND_TIMEOUT_MS'
export const DEFAULT_SEND_TIMEOUT_MS = 10_000

/** Throws RuntimeConfigError for a value that is not a whole number of ms from 1 to 10 minutes. */
export function sendTimeoutMs(): number {
  return numberFromEnv(SEND_TIMEOUT_ENV, DEFAULT_SEND_TIMEOUT_MS, { min: 1, max: 600_000, unit: 'ms' })
}

export type SendOutcome =
  | { ok: true; status: number; message: TwilioMessage; response?: ModifiedResponse<TwilioMessage> }
  | {
      ok: false
      error: TwilioActionError
      /** Twilio's answer (parsed JSON or text) when there was one. */
      body?: unknown
      /**
       * True when the request left but no answer came back (timeout, connection dropped): Twilio may or may
       * not have accepted the message.
       */
      uncertain: boolean
    }

/** The Create Message call, never throwing: Twilio's answer or the transport failure as an action error. */
export async function trySendMessage(
  request: RequestClient,
  settings: Settings,
  message: MessageRequest
): Promise<SendOutcome> {
  // Read once, before the request leaves: nothing after it may fail on the environment.
  const timeoutMs = sendTimeoutMs()
  let response: ModifiedResponse<TwilioMessage>
  try {
    response = await request<TwilioMessage>(messagesUrl(settings.accountSID.trim()), {
      method: 'POST',
      // URLSearchParams makes the client send application/x-www-form-urlencoded, as Twilio requires.
      body: new URLSearchParams(message.params),
      throwHttpErrors: false,
      // The body is read once, by actions-core itself (into `data`/`content`): cloning it first only costs CPU.
      skipResponseCloning: true,
      timeout: timeoutMs
    })
  } catch (error) {
    if (error instanceof HTTPError) return { ok: false, error: await twilioErrorFromHttpError(error), uncertain: false }
    return { ok: false, ...transportError(error, timeoutMs) }
  }
  if (response.status >= 400) {
    const parsed = parseTwilioErrorBody(response.data, response.content)
    return {
      ok: false,
      error: twilioError(response.status, parsed, response.content),
      body: response.data ?? response.content,
      uncertain: false
    }
  }
  const body = response.data as TwilioMessage | undefined
  if (!body || typeof body !== 'object' || typeof body.sid !== 'string') {
    // A 2xx without a message resource: Twilio accepted something, but we cannot tell what. Not recorded.
    return {
      ok: false,
      error: new RetryableError(
        `Twilio answered HTTP ${response.status} without a message SID; the message may or may not have been accepted.`,
        502
      ),
      body: response.content,
      uncertain: true
    }
  }
  return { ok: true, status: response.status, message: body, response }
}

const CONNECTION_NEVER_OPENED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])

/**
 * A request that got no HTTP answer. Timeouts become 504 and dropped or refused connections 503, both retryable.
 * The message never repeats the URL or headers, so no credential can leak through it.
 */
export function transportError(error: unknown, timeoutMs: number): { error: RetryableError; uncertain: boolean } {
  const err = (error ?? {}) as { name?: string; code?: string; type?: string; errno?: string }
  const code = typeof err.code === 'string' ? err.code : typeof err.errno === 'string' ? err.errno : undefined
  const timedOut =
    err.name === 'TimeoutError' ||
    err.name === 'RequestTimeoutError' ||
    code === 'ETIMEDOUT' ||
    code === 'REQUESTTIMEOUTERROR' ||
    err.type === 'request-timeout'
  if (timedOut) {
    return {
      error: new RetryableError(
        `Twilio did not answer within ${timeoutMs} ms; Segment retries, and a retry first checks whether the message arrived.`,
        504
      ),
      uncertain: true
    }
  }
  const neverOpened = code !== undefined && CONNECTION_NEVER_OPENED.has(code)
  return {
    error: new RetryableError(
      `The connection to Twilio failed${code ? ` (${code})` : ''} before an answer arrived; Segment retries.`,
      503
    ),
    uncertain: !neverOpened
  }
}
