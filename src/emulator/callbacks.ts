// Status callbacks: for each status change after creation, POST Twilio's form parameters to the message's
// StatusCallback (or its Messaging Service's), signed with X-Twilio-Signature as Twilio signs webhooks. Failed
// deliveries are retried and every attempt is logged.
import { createHmac, randomUUID } from 'node:crypto'
import type { Scheduler, TimerHandle } from './clock'
import type { CallbackAttempt, EmulatorState, MessageStatus, StoredMessage } from './state'

/**
 * Twilio's webhook signature: HMAC-SHA1 keyed with the account's auth token over the full URL followed by every
 * POST parameter, sorted by name, as name + value; base64. (Twilio's "Webhooks security" page.)
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((text, key) => text + key + params[key], url)
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64')
}

/**
 * The form parameters of a status callback ("Track the Message Status of Outbound Messages"): the message's
 * standard properties plus MessageStatus (and its legacy twin SmsStatus), ErrorCode when it failed.
 */
export function statusCallbackParams(message: StoredMessage, status: MessageStatus): Record<string, string> {
  const params: Record<string, string> = {
    AccountSid: message.accountSid,
    ApiVersion: '2010-04-01',
    MessageSid: message.sid,
    SmsSid: message.sid,
    MessageStatus: status,
    SmsStatus: status,
    To: message.to
  }
  if (message.from) params.From = message.from
  if (message.messagingServiceSid) params.MessagingServiceSid = message.messagingServiceSid
  if ((status === 'failed' || status === 'undelivered') && message.errorCode !== null) {
    params.ErrorCode = String(message.errorCode)
  }
  const prefix = /^(whatsapp|messenger|rcs):/i.exec(message.to)?.[1]
  if (prefix) {
    params.ChannelPrefix = prefix.toLowerCase()
    params.ChannelToAddress = message.to.slice(prefix.length + 1)
  }
  return params
}

export interface CallbackOptions {
  /** Signs the requests (the account's auth token). */
  authToken: string
  scheduler: Scheduler
  state: EmulatorState
  log?: (line: string) => void
  /** Waits before the 2nd, 3rd, ... attempt (emulated ms). Default [1000, 5000]: three attempts in all. */
  retryDelaysMs?: number[]
  /** How long a receiver may take to answer (real ms). Default 15000, Twilio's webhook timeout. */
  timeoutMs?: number
  /** Default true: only loopback receivers are called, so an offline emulator never reaches the internet. */
  loopbackOnly?: boolean
}

/** Attempts kept in the emulator-wide log (oldest dropped first). */
export const CALLBACK_LOG_LIMIT = 1000
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])

export function isLoopbackUrl(url: string): boolean {
  try {
    const hostname = new URL(url).hostname
    return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname)
  } catch {
    return false
  }
}

/** What was wrong with a receiver's answer that is not a 2xx. */
function answerProblem(response: Response): string {
  if (response.status < 300 || response.status >= 400) return `answered HTTP ${response.status}`
  const location = response.headers.get('location')
  return `answered HTTP ${response.status}, a redirect${
    location ? ` to ${location.slice(0, 200)}` : ''
  }, which is not followed: a status callback goes to its own URL only, never on to another host`
}

export class CallbackSender {
  /** Every attempt, oldest first (bounded). */
  readonly log: CallbackAttempt[] = []
  private readonly inFlight = new Set<Promise<void>>()
  private readonly retryDelays: number[]
  private readonly aborts = new Set<AbortController>()
  private readonly retries = new Set<TimerHandle>()
  /** Bumped by reset(), so answers to requests of before the reset are not recorded. */
  private generation = 0

  constructor(private readonly options: CallbackOptions) {
    this.retryDelays = options.retryDelaysMs ?? [1000, 5000]
  }

  /** Sends the callback for `status` if the message has a callback URL; never throws. */
  notify(message: StoredMessage, url: string | null, status: MessageStatus): void {
    if (!url) return
    if ((this.options.loopbackOnly ?? true) && !isLoopbackUrl(url)) {
      this.record(message, {
        status,
        url,
        attempt: 1,
        at: this.options.scheduler.now(),
        ok: false,
        httpStatus: null,
        error: 'not sent: the emulator calls loopback URLs only (start it with --callbacks-any-host to allow others)'
      })
      return
    }
    // Twilio signs the parameters as they are at the time of the change; retries resend the same request.
    const params = statusCallbackParams(message, status)
    const signature = twilioSignature(this.options.authToken, url, params)
    const idempotencyToken = randomUUID()
    this.attempt(message, url, status, params, signature, idempotencyToken, 1)
  }

  private attempt(
    message: StoredMessage,
    url: string,
    status: MessageStatus,
    params: Record<string, string>,
    signature: string,
    idempotencyToken: string,
    attempt: number
  ): void {
    const generation = this.generation
    const abort = new AbortController()
    this.aborts.add(abort)
    const timeout = setTimeout(() => abort.abort(new Error('timed out')), this.options.timeoutMs ?? 15000)
    const work = fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'x-twilio-signature': signature,
        'i-twilio-idempotency-token': idempotencyToken,
        'user-agent': 'TwilioProxy/1.1 (twilio-emulator)'
      },
      body: new URLSearchParams(params).toString(),
      // A redirect is never followed: it could lead the callback off loopback, to any host.
      redirect: 'manual',
      signal: abort.signal
    })
      .then(async (response) => {
        await response.arrayBuffer().catch(() => undefined)
        return { httpStatus: response.status, error: response.ok ? null : answerProblem(response) }
      })
      .catch((error: unknown) => {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause
        const reason = abort.signal.aborted
          ? String((abort.signal.reason as Error | undefined)?.message ?? 'aborted')
          : (cause?.code ?? cause?.message ?? (error as Error).message)
        return { httpStatus: null, error: reason }
      })
      .then(({ httpStatus, error }) => {
        clearTimeout(timeout)
        this.aborts.delete(abort)
        if (generation !== this.generation) return
        const ok = error === null
        this.record(message, { status, url, attempt, at: this.options.scheduler.now(), ok, httpStatus, error })
        // A 3xx (not followed) or a 4xx other than 429 is the receiver's final answer: sending again cannot help.
        const retryable = !ok && (httpStatus === null || httpStatus === 429 || httpStatus >= 500)
        const delay = this.retryDelays[attempt - 1]
        if (retryable && delay !== undefined) {
          this.options.log?.(`  retrying the ${status} callback of ${message.sid} in ${delay} ms`)
          const retry = this.options.scheduler.after(delay, () => {
            this.retries.delete(retry)
            this.attempt(message, url, status, params, signature, idempotencyToken, attempt + 1)
          })
          this.retries.add(retry)
        } else if (!ok && retryable) {
          this.options.log?.(`  gave up on the ${status} callback of ${message.sid} after ${attempt} attempts`)
        }
      })
    this.inFlight.add(work)
    void work.finally(() => this.inFlight.delete(work))
  }

  private record(message: StoredMessage, entry: CallbackAttempt): void {
    message.callbacks.push(entry)
    this.log.push({ ...entry })
    if (this.log.length > CALLBACK_LOG_LIMIT) this.log.splice(0, this.log.length - CALLBACK_LOG_LIMIT)
    if (entry.ok) this.options.state.counters.callbacksDelivered++
    else this.options.state.counters.callbacksFailed++
    const outcome = entry.ok ? `${entry.httpStatus}` : `failed (${entry.error})`
    this.options.log?.(
      `status callback ${message.sid} ${entry.status} -> ${entry.url}: ${outcome}, attempt ${entry.attempt}`
    )
  }

  /** Resolves when no callback request is in flight (tests await it after moving time). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight])
  }

  /** Aborts requests in flight and forgets the log (reset and close). */
  reset(): void {
    this.generation++
    for (const abort of this.aborts) abort.abort(new Error('emulator reset'))
    this.aborts.clear()
    for (const retry of this.retries) retry.cancel()
    this.retries.clear()
    this.log.length = 0
  }
}
