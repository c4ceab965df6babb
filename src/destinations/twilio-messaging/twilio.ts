// Everything this destination knows about Twilio lives here: hosts, identifiers, channels, template types,
// limits, error mapping and pagination. Facts come from Twilio's OpenAPI spec and error dictionary.
import {
  IntegrationError,
  InvalidAuthenticationError,
  RetryableError,
  HTTPError,
  RequestClient
} from '@segment/actions-core'

// ---------------------------------------------------------------------------------------------------------------
// Hosts

export type TwilioService = 'api' | 'messaging' | 'content'

export const TWILIO_HOSTS: Record<TwilioService, string> = {
  api: 'https://api.twilio.com',
  messaging: 'https://messaging.twilio.com',
  content: 'https://content.twilio.com'
}

/**
 * Process-level override that points every Twilio host at one base URL (the local emulator).
 * Deliberately an environment variable and never a setting: a workspace must not be able to send its
 * credentials elsewhere through a mapping.
 */
export const TWILIO_BASE_URL_ENV = 'TWILIO_MESSAGING_BASE_URL'

export function twilioBaseUrl(service: TwilioService): string {
  const override = process.env[TWILIO_BASE_URL_ENV]
  return override ? override.replace(/\/+$/, '') : TWILIO_HOSTS[service]
}

/** Joins a Twilio path (starting with `/`) to the host of its service, honouring the emulator override. */
export function twilioUrl(service: TwilioService, path: string): string {
  return `${twilioBaseUrl(service)}${path}`
}

/** Resolves a `next_page_uri` (a path relative to api.twilio.com) or `next_page_url` (absolute) against the override. */
export function resolveTwilioPageUrl(service: TwilioService, uriOrUrl: string): string {
  if (/^https?:\/\//i.test(uriOrUrl)) {
    const override = process.env[TWILIO_BASE_URL_ENV]
    if (!override) return uriOrUrl
    const parsed = new URL(uriOrUrl)
    return `${twilioBaseUrl(service)}${parsed.pathname}${parsed.search}`
  }
  return twilioUrl(service, uriOrUrl.startsWith('/') ? uriOrUrl : `/${uriOrUrl}`)
}

export const accountPath = (accountSid: string) => `/2010-04-01/Accounts/${encodeURIComponent(accountSid)}`
export const messagesUrl = (accountSid: string) => twilioUrl('api', `${accountPath(accountSid)}/Messages.json`)
export const incomingPhoneNumbersUrl = (accountSid: string) =>
  twilioUrl('api', `${accountPath(accountSid)}/IncomingPhoneNumbers.json`)
export const shortCodesUrl = (accountSid: string) => twilioUrl('api', `${accountPath(accountSid)}/SMS/ShortCodes.json`)
export const messagingServicesUrl = () => twilioUrl('messaging', '/v1/Services')
export const contentUrl = () => twilioUrl('content', '/v1/Content')
export const contentAndApprovalsUrl = () => twilioUrl('content', '/v1/ContentAndApprovals')
/** Only call with a SID that matched CONTENT_SID_PATTERN: it goes into the path. */
export const contentBySidUrl = (contentSid: string) =>
  twilioUrl('content', `/v1/Content/${encodeURIComponent(contentSid)}`)

// ---------------------------------------------------------------------------------------------------------------
// Identifiers

export const ACCOUNT_SID_PATTERN = /^AC[0-9a-fA-F]{32}$/
export const API_KEY_SID_PATTERN = /^SK[0-9a-fA-F]{32}$/
export const MESSAGING_SERVICE_SID_PATTERN = /^MG[0-9a-fA-F]{32}$/
export const CONTENT_SID_PATTERN = /^HX[0-9a-fA-F]{32}$/

/**
 * Dropdown values look like `Friendly Name [MG…]`; the SID is the last bracketed token, so names that
 * themselves contain brackets still work. A bare SID is returned as is (trimmed).
 */
export function extractSid(value: string): string {
  const trimmed = value.trim()
  const match = /\[([^[\]]*)\]\s*$/.exec(trimmed)
  return match ? match[1].trim() : trimmed
}

// ---------------------------------------------------------------------------------------------------------------
// Channels, senders and content types

export const CHANNELS = ['SMS', 'MMS', 'WhatsApp', 'RCS', 'Messenger'] as const
export type Channel = (typeof CHANNELS)[number]

export const CHANNEL_LABELS: Record<Channel, string> = {
  SMS: 'SMS',
  MMS: 'MMS (picture messages)',
  WhatsApp: 'WhatsApp',
  RCS: 'RCS (rich messages, falls back to SMS)',
  Messenger: 'Facebook Messenger'
}

/** Case-insensitive, so mappings saved as `Whatsapp` or `sms` keep working. */
export function normalizeChannel(value: unknown): Channel | undefined {
  if (typeof value !== 'string') return undefined
  const wanted = value.trim().toLowerCase()
  return CHANNELS.find((channel) => channel.toLowerCase() === wanted)
}

export const SENDER_TYPES = ['Phone number', 'Messaging Service', 'Facebook Page ID'] as const
export type SenderType = (typeof SENDER_TYPES)[number]

export function normalizeSenderType(value: unknown): SenderType | undefined {
  if (typeof value !== 'string') return undefined
  const wanted = value.trim().toLowerCase()
  return SENDER_TYPES.find((type) => type.toLowerCase() === wanted)
}

export const SENDER_TYPES_BY_CHANNEL: Record<Channel, readonly SenderType[]> = {
  SMS: ['Phone number', 'Messaging Service'],
  MMS: ['Phone number', 'Messaging Service'],
  WhatsApp: ['Phone number', 'Messaging Service'],
  RCS: ['Messaging Service'],
  Messenger: ['Facebook Page ID']
}

/** Channels whose messages can carry `MediaUrl`. */
export const MEDIA_CHANNELS: readonly Channel[] = ['MMS', 'WhatsApp', 'RCS', 'Messenger']

export const INLINE = 'Inline'

export interface ContentTemplateType {
  /** The value saved in mappings (`contentTemplateType`). */
  name: string
  /** The key of this type inside a Content resource's `types`. */
  twilioType: string
  channels: readonly Channel[]
}

export const CONTENT_TEMPLATE_TYPES: readonly ContentTemplateType[] = [
  { name: 'Text', twilioType: 'twilio/text', channels: ['SMS', 'RCS', 'WhatsApp', 'Messenger'] },
  { name: 'Media', twilioType: 'twilio/media', channels: ['MMS', 'RCS', 'WhatsApp', 'Messenger'] },
  { name: 'Location', twilioType: 'twilio/location', channels: ['WhatsApp'] },
  { name: 'Quick Reply', twilioType: 'twilio/quick-reply', channels: ['WhatsApp', 'Messenger'] },
  { name: 'Call to Action', twilioType: 'twilio/call-to-action', channels: ['WhatsApp', 'Messenger'] },
  { name: 'List Picker', twilioType: 'twilio/list-picker', channels: ['WhatsApp'] },
  { name: 'Card', twilioType: 'twilio/card', channels: ['RCS', 'WhatsApp', 'Messenger'] },
  { name: 'Carousel', twilioType: 'twilio/carousel', channels: ['RCS', 'WhatsApp'] },
  { name: 'Catalog', twilioType: 'twilio/catalog', channels: ['WhatsApp'] },
  { name: 'WhatsApp Card', twilioType: 'whatsapp/card', channels: ['WhatsApp'] },
  { name: 'WhatsApp Authentication', twilioType: 'whatsapp/authentication', channels: ['WhatsApp'] }
]

export function templateTypesForChannel(channel: Channel): ContentTemplateType[] {
  return CONTENT_TEMPLATE_TYPES.filter((type) => type.channels.includes(channel))
}

/** `Inline` or a known template type name, matched case-insensitively. */
export function normalizeContentTemplateType(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const wanted = value.trim().toLowerCase()
  if (wanted === INLINE.toLowerCase()) return INLINE
  return CONTENT_TEMPLATE_TYPES.find((type) => type.name.toLowerCase() === wanted)?.name
}

// ---------------------------------------------------------------------------------------------------------------
// Limits of the Messages API (twilio-facts.md)

export const LIMITS = {
  bodyLength: 1600,
  mediaUrls: 10,
  contentVariables: 100,
  contentVariableKeyLength: 16,
  validityPeriodMin: 1,
  validityPeriodMax: 14400,
  scheduleMinAheadMs: 5 * 60 * 1000,
  scheduleMaxAheadMs: 35 * 24 * 60 * 60 * 1000,
  tags: 10,
  tagLength: 128,
  pageSizeMax: 1000,
  contentAndApprovalsPageSizeMax: 500
} as const

// ---------------------------------------------------------------------------------------------------------------
// Errors

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
  35118: 'Scheduled messages need a Messaging Service sender.',
  63007: 'No sender exists for this channel: register the WhatsApp, RCS or Messenger sender in the Twilio Console.',
  63016: 'WhatsApp only allows free-form messages within 24 hours of the last reply: use an approved template.'
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

// ---------------------------------------------------------------------------------------------------------------
// Pagination

export interface PageEnvelope<T> {
  items: T[]
  nextUrl?: string
}

/**
 * Reads one page in either of Twilio's envelope styles:
 * 2010 `{<items>: [...], next_page_uri}` (a path on api.twilio.com) or v1 `{<items>: [...], meta: {next_page_url}}`.
 */
export function readPage<T>(service: TwilioService, body: unknown, itemsKey: string): PageEnvelope<T> {
  if (!body || typeof body !== 'object') throw new Error('Twilio returned a page that is not a JSON object')
  const record = body as Record<string, unknown>
  const items = record[itemsKey]
  if (!Array.isArray(items)) throw new Error(`Twilio returned a page without a "${itemsKey}" list`)
  const meta = record.meta as Record<string, unknown> | undefined
  const next =
    typeof record.next_page_uri === 'string' && record.next_page_uri
      ? record.next_page_uri
      : typeof meta?.next_page_url === 'string' && meta.next_page_url
        ? meta.next_page_url
        : undefined
  return { items: items as T[], nextUrl: next ? resolveTwilioPageUrl(service, next) : undefined }
}

export interface ListAllOptions {
  /** Stop after this many pages (a guard against a server that never ends its list). */
  maxPages?: number
  pageSize?: number
}

/** Fetches a Twilio list to its end, following the next-page links of either envelope style. */
export async function listAll<T>(
  request: RequestClient,
  service: TwilioService,
  firstUrl: string,
  itemsKey: string,
  options: ListAllOptions = {}
): Promise<T[]> {
  const maxPages = options.maxPages ?? 200
  const pageSize = options.pageSize ?? LIMITS.pageSizeMax
  const first = new URL(firstUrl)
  if (!first.searchParams.has('PageSize')) first.searchParams.set('PageSize', String(pageSize))
  let url: string | undefined = first.toString()
  const all: T[] = []
  for (let page = 0; url && page < maxPages; page++) {
    // Large pages hang when the client clones the response (actions-core-notes.md).
    const response = await request(url, { method: 'GET', skipResponseCloning: true })
    const envelope: PageEnvelope<T> = readPage<T>(service, await readJson(response), itemsKey)
    all.push(...envelope.items)
    url = envelope.nextUrl
  }
  return all
}

async function readJson(response: { data?: unknown; content?: string; text?: () => Promise<string> }) {
  if (response.data !== undefined && typeof response.data !== 'string') return response.data
  const text = typeof response.content === 'string' ? response.content : await response.text?.()
  try {
    return JSON.parse(text ?? '')
  } catch {
    throw new Error('Twilio returned a page that is not valid JSON')
  }
}
