import { HTTPError, IntegrationError, RetryableError } from '@segment/actions-core'
import type { ModifiedResponse, RequestClient } from '@segment/actions-core'
import type { Settings } from '../generated-types'
import { messagesUrl, parseTwilioErrorBody, twilioError, twilioErrorFromHttpError } from '../twilio'
import type { TwilioActionError, TwilioTarget } from '../twilio'
import type { MessageRequest } from './build-request'

export interface TwilioMessage {
  sid: string
  status: string
  [key: string]: unknown
}

export type SendOutcome =
  | { ok: true; status: number; message: TwilioMessage; response?: ModifiedResponse<TwilioMessage> }
  | {
      ok: false
      error: TwilioActionError
      /** Twilio's answer (parsed JSON or text) when there was one. */
      body?: unknown
      /**
       * True when Twilio may have created the message although the answer does not say so: no answer (timeout,
       * connection dropped after it opened), an answer without a message, or a 5xx other than 503.
       */
      uncertain: boolean
    }

/** The Create Message call, never throwing: Twilio's answer or the transport failure as an action error. */
export async function trySendMessage(
  request: RequestClient,
  target: TwilioTarget,
  settings: Settings,
  message: MessageRequest,
  timeoutMs: number
): Promise<SendOutcome> {
  let response: ModifiedResponse<TwilioMessage>
  try {
    response = await request<TwilioMessage>(messagesUrl(target, settings.accountSID.trim()), {
      method: 'POST',
      // URLSearchParams makes the client send application/x-www-form-urlencoded, as Twilio requires.
      body: new URLSearchParams(message.params),
      throwHttpErrors: false,
      // The body is read once, by actions-core itself (into `data`/`content`): cloning it first only costs CPU.
      skipResponseCloning: true,
      // A redirect would post the message (and the credentials) again, to wherever it points.
      redirect: 'manual',
      timeout: timeoutMs
    })
  } catch (error) {
    if (error instanceof HTTPError) return { ok: false, error: await twilioErrorFromHttpError(error), uncertain: false }
    return { ok: false, ...transportError(error, timeoutMs) }
  }
  if (response.status >= 300 && response.status < 400) {
    // Twilio documents no redirect for this call; following one would send the message a second time elsewhere.
    const error = new IntegrationError(
      `Twilio answered the message with a redirect (HTTP ${response.status}) instead of creating it, so nothing was sent: a message is never re-sent to another address. Check Twilio's status page; Segment does not retry this.`,
      'TWILIO_REDIRECT',
      400
    )
    return { ok: false, error, body: { not_sent: true, status: response.status }, uncertain: false }
  }
  if (response.status >= 400) {
    const parsed = parseTwilioErrorBody(response.data, response.content)
    return {
      ok: false,
      error: twilioError(response.status, parsed, response.content),
      body: response.data ?? response.content,
      // 429 and 503: Twilio refused before doing anything. Other 5xx may come after the message was created.
      uncertain: response.status >= 500 && response.status !== 503
    }
  }
  const body = response.data as TwilioMessage | undefined
  if (!body || typeof body !== 'object' || typeof body.sid !== 'string') {
    // A 2xx without a message resource: Twilio accepted something, but we cannot tell what.
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
      error: new RetryableError(`Twilio did not answer within ${timeoutMs} ms.`, 504),
      uncertain: true
    }
  }
  const neverOpened = code !== undefined && CONNECTION_NEVER_OPENED.has(code)
  return {
    error: new RetryableError(
      `The connection to Twilio failed${code ? ` (${code})` : ''} before an answer arrived.`,
      503
    ),
    uncertain: !neverOpened
  }
}
