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

/**
 * Resolves a `next_page_uri` (a path relative to api.twilio.com) or `next_page_url` (absolute) against the
 * service's host (or the override). Only the path and query of an absolute URL are kept: the request client
 * attaches the account's credentials to every request, so a next-page link must never lead to another host.
 */
export function resolveTwilioPageUrl(service: TwilioService, uriOrUrl: string): string {
  const base = twilioBaseUrl(service)
  let resolved: string
  if (/^[a-z][a-z0-9+.-]*:/i.test(uriOrUrl) || uriOrUrl.startsWith('//')) {
    // Already on the base (an emulator whose override has a path prefix answers with it): keep it whole.
    if (uriOrUrl.startsWith(`${base}/`)) resolved = uriOrUrl
    else {
      const parsed = new URL(uriOrUrl, base)
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        throw new TwilioResponseFormatError(`Twilio returned a next-page link that is not http(s): ${parsed.protocol}`)
      }
      resolved = `${base}${parsed.pathname}${parsed.search}`
    }
  } else {
    resolved = twilioUrl(service, uriOrUrl.startsWith('/') ? uriOrUrl : `/${uriOrUrl}`)
  }
  // Whatever the link held, the request must stay on the host the credentials are meant for.
  if (new URL(resolved).origin !== new URL(base).origin) {
    throw new TwilioResponseFormatError('Twilio returned a next-page link that leads to another host')
  }
  return resolved
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

/** Twilio answered 2xx with something that is not the JSON list it documents (an HTML page, cut-off JSON, ...). */
export class TwilioResponseFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TwilioResponseFormatError'
  }
}

/**
 * Reads one page in either of Twilio's envelope styles:
 * 2010 `{<items>: [...], next_page_uri}` (a path on api.twilio.com) or v1 `{<items>: [...], meta: {next_page_url}}`.
 */
export function readPage<T>(service: TwilioService, body: unknown, itemsKey: string): PageEnvelope<T> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new TwilioResponseFormatError('Twilio returned a page that is not a JSON object')
  }
  const record = body as Record<string, unknown>
  const items = record[itemsKey]
  if (!Array.isArray(items)) throw new TwilioResponseFormatError(`Twilio returned a page without a "${itemsKey}" list`)
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

export interface ListResult<T> {
  items: T[]
  /** Requests made. */
  pages: number
  /** True when the page cap stopped the walk before Twilio's last page. */
  truncated: boolean
}

/** Pages fetched per list at most: with PageSize 1000 that is 20,000 numbers, services or templates. */
export const DEFAULT_MAX_PAGES = 20

/**
 * Fetches a Twilio list to its end, following the next-page links of either envelope style, and says whether
 * the page cap cut it short. A next-page link that repeats a page already read ends the walk.
 */
export async function listPages<T>(
  request: RequestClient,
  service: TwilioService,
  firstUrl: string,
  itemsKey: string,
  options: ListAllOptions = {}
): Promise<ListResult<T>> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES
  const pageSize = options.pageSize ?? LIMITS.pageSizeMax
  const first = new URL(firstUrl)
  if (!first.searchParams.has('PageSize')) first.searchParams.set('PageSize', String(pageSize))
  let url: string | undefined = first.toString()
  const seen = new Set<string>()
  const items: T[] = []
  let pages = 0
  while (url && !seen.has(url) && pages < maxPages) {
    seen.add(url)
    // Large pages hang when the client clones the response (actions-core-notes.md).
    const response = await request(url, { method: 'GET', skipResponseCloning: true })
    pages++
    const envelope: PageEnvelope<T> = readPage<T>(service, await readJson(response), itemsKey)
    items.push(...envelope.items)
    url = envelope.nextUrl
  }
  return { items, pages, truncated: Boolean(url) && !seen.has(url as string) }
}

/** Fetches a Twilio list to its end (see listPages); only the items. */
export async function listAll<T>(
  request: RequestClient,
  service: TwilioService,
  firstUrl: string,
  itemsKey: string,
  options: ListAllOptions = {}
): Promise<T[]> {
  return (await listPages<T>(request, service, firstUrl, itemsKey, options)).items
}

/** The JSON body of a response read by the request client (`data` when the content type was JSON, else `content`). */
export async function readJson(response: {
  data?: unknown
  content?: string
  text?: () => Promise<string>
}): Promise<unknown> {
  if (response.data !== undefined && typeof response.data !== 'string') return response.data
  const text = typeof response.content === 'string' ? response.content : await response.text?.()
  try {
    return JSON.parse(text ?? '')
  } catch {
    throw new TwilioResponseFormatError('Twilio returned a page that is not valid JSON')
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Resources the mapping UI lists (twilio-oai/*.json), and how to read them

/** The key of the item list in each list response. */
export const LIST_KEYS = {
  incomingPhoneNumbers: 'incoming_phone_numbers',
  shortCodes: 'short_codes',
  services: 'services',
  contents: 'contents'
} as const

export interface IncomingPhoneNumber {
  sid?: string
  phone_number?: string
  friendly_name?: string | null
  /** Documented lowercase (`sms`); some responses have used `SMS`/`MMS`: read with hasCapability. */
  capabilities?: Record<string, unknown> | null
}

export interface ShortCode {
  sid?: string
  short_code?: string
  friendly_name?: string | null
}

export interface MessagingService {
  sid?: string
  friendly_name?: string | null
}

export interface ContentTemplate {
  sid?: string
  friendly_name?: string | null
  language?: string | null
  variables?: Record<string, unknown> | null
  types?: Record<string, unknown> | null
  /** ContentAndApprovals only: flat `{status, ...}` in the spec, `{whatsapp: {status, ...}}` in some accounts. */
  approval_requests?: unknown
}

export type PhoneCapability = 'sms' | 'mms' | 'voice' | 'fax'

/** Which number capability a channel needs; channels without an entry have no number list in Twilio's API. */
export const PHONE_NUMBER_CAPABILITY_BY_CHANNEL: Partial<Record<Channel, PhoneCapability>> = {
  SMS: 'sms',
  MMS: 'mms'
}

/** Short codes send SMS and MMS (twilio-facts.md, Addresses). */
export const SHORT_CODE_CHANNELS: readonly Channel[] = ['SMS', 'MMS']

/** Reads a capability flag whatever the case of its key (`sms`, `SMS`, `Sms`): true if any spelling says true. */
export function hasCapability(capabilities: unknown, capability: PhoneCapability): boolean {
  if (!capabilities || typeof capabilities !== 'object') return false
  return Object.entries(capabilities as Record<string, unknown>).some(
    ([key, value]) => key.toLowerCase() === capability && (value === true || value === 'true')
  )
}

/** The capabilities a number has, for labels: `SMS, MMS, Voice`. */
export function capabilityNames(capabilities: unknown): string[] {
  const names: Record<PhoneCapability, string> = { sms: 'SMS', mms: 'MMS', voice: 'Voice', fax: 'Fax' }
  return (Object.keys(names) as PhoneCapability[])
    .filter((capability) => hasCapability(capabilities, capability))
    .map((capability) => names[capability])
}

export const APPROVAL_STATUSES = [
  'approved',
  'pending',
  'received',
  'unsubmitted',
  'paused',
  'rejected',
  'disabled'
] as const

/**
 * The WhatsApp approval status of a ContentAndApprovals item, lowercased: from `approval_requests.status`
 * (the spec's flat shape) or `approval_requests.whatsapp.status`; undefined when neither is there.
 */
export function whatsappApprovalStatus(item: ContentTemplate): string | undefined {
  const requests = item.approval_requests
  if (!requests || typeof requests !== 'object') return undefined
  const record = requests as Record<string, unknown>
  const nested = record.whatsapp as Record<string, unknown> | undefined
  const status =
    nested && typeof nested === 'object' && typeof nested.status === 'string' && nested.status
      ? nested.status
      : record.status
  return typeof status === 'string' && status.trim() ? status.trim().toLowerCase() : undefined
}

/** Sort rank of an approval status: approved first, unknown statuses last. */
export function approvalRank(status: string | undefined): number {
  const index = APPROVAL_STATUSES.indexOf(status as (typeof APPROVAL_STATUSES)[number])
  return index === -1 ? APPROVAL_STATUSES.length : index
}

/** The Twilio type names (`twilio/text`, ...) a template carries. */
export function templateTwilioTypes(item: ContentTemplate): string[] {
  return item.types && typeof item.types === 'object' && !Array.isArray(item.types) ? Object.keys(item.types) : []
}

const CONTENT_PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g

/**
 * The variable names of a template, each once, in a stable order: the keys of `variables` (its defaults) and
 * every `{{name}}` placeholder found in any string inside `types` (bodies, titles, URLs, buttons, cards, ...).
 * Numeric names sort numerically (`2` before `10`).
 */
export function templateVariableNames(item: ContentTemplate): string[] {
  const names = new Set<string>()
  if (item.variables && typeof item.variables === 'object' && !Array.isArray(item.variables)) {
    for (const key of Object.keys(item.variables)) if (key.trim()) names.add(key.trim())
  }
  const visit = (value: unknown, depth: number): void => {
    if (depth > 20) return
    if (typeof value === 'string') {
      for (const match of value.matchAll(CONTENT_PLACEHOLDER)) names.add(match[1])
    } else if (Array.isArray(value)) {
      for (const entry of value) visit(entry, depth + 1)
    } else if (value && typeof value === 'object') {
      for (const entry of Object.values(value)) visit(entry, depth + 1)
    }
  }
  visit(item.types, 0)
  return [...names].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
}

// ---------------------------------------------------------------------------------------------------------------
// Settings and lookup failures, in words a marketer can act on

export interface CredentialSettings {
  accountSID?: string
  apiKeySID?: string
  apiKeySecret?: string
}

/** What is wrong with the credentials before any request is made, or undefined when they look right. */
export function settingsProblem(settings: CredentialSettings | undefined): string | undefined {
  if (!ACCOUNT_SID_PATTERN.test((settings?.accountSID ?? '').trim())) {
    return 'Twilio Account SID (accountSID) in the destination settings must be AC followed by 32 hexadecimal characters: copy it from Twilio Console > Account Dashboard.'
  }
  if (!API_KEY_SID_PATTERN.test((settings?.apiKeySID ?? '').trim())) {
    return 'Twilio API Key SID (apiKeySID) in the destination settings must be SK followed by 32 hexadecimal characters: copy it from Twilio Console > Account > API keys & tokens.'
  }
  if (!settings?.apiKeySecret) {
    return 'Twilio API Key Secret (apiKeySecret) in the destination settings is empty: paste the secret shown when the API key was created.'
  }
  return undefined
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
  if (error instanceof TwilioResponseFormatError) {
    return {
      code: 'TWILIO_BAD_RESPONSE',
      message: `Twilio sent an unreadable answer for ${what}: try again in a few minutes. If it keeps happening, check Twilio's status page.`
    }
  }
  const detail = typeof err?.message === 'string' && err.message ? `: ${err.message}` : ''
  return { code: 'LOOKUP_FAILED', message: `Could not load ${what} from Twilio${detail}. Try again in a moment.` }
}
