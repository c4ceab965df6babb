// The resources the mapping UI lists (twilio-oai/*.json), and how to read them.
import type { Channel } from './channels'
/** The key of the item list in each list response. */
export const LIST_KEYS = {
  incomingPhoneNumbers: 'incoming_phone_numbers',
  shortCodes: 'short_codes',
  services: 'services',
  contents: 'contents',
  senders: 'senders'
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

/** messaging.v2.channels_sender (twilio_messaging_v2.json): a WhatsApp sender and whether it can send. */
export interface ChannelSender {
  sid?: string | null
  /** CREATING, ONLINE, OFFLINE, PENDING_VERIFICATION, VERIFYING, ONLINE:UPDATING or STUBBED. */
  status?: string | null
  /** The address with its channel prefix, `whatsapp:+14155550123`. */
  sender_id?: string | null
  profile?: { name?: string | null } | null
  offline_reasons?: Array<{ code?: string | null; message?: string | null } | null> | null
}

/**
 * The `Channel` filter of the Senders API for the channels it lists. The spec documents the resource as "a Sender
 * resource of WhatsApp" and its examples filter `Channel=whatsapp`; it says nothing of RCS, whose senders are
 * reached through a Messaging Service anyway.
 */
export const SENDER_LIST_CHANNEL: Partial<Record<Channel, string>> = {
  Whatsapp: 'whatsapp'
}

/** Sender statuses that can send now (`ONLINE:UPDATING` is online while a profile change is reviewed). */
export const SENDABLE_SENDER_STATUSES: readonly string[] = ['ONLINE', 'ONLINE:UPDATING']

/** `whatsapp:+14155550123` → `+14155550123`: the From field takes the number, the prefix is added when sending. */
export function senderAddress(senderId: string, channelFilter: string): string {
  const prefix = `${channelFilter}:`
  const trimmed = senderId.trim()
  return trimmed.toLowerCase().startsWith(prefix) ? trimmed.slice(prefix.length).trim() : trimmed
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
  const index = APPROVAL_STATUSES.indexOf(status as typeof APPROVAL_STATUSES[number])
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
