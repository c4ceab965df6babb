// Twilio-shaped JSON for each resource, following the response schemas of Twilio's OpenAPI spec.
import { accountPath } from '../destinations/twilio-messaging/twilio'
import type { DemoAccount, SeedContent, SeedPhoneNumber, SeedService, SeedShortCode } from './seed'
import type { CallbackAttempt, StoredMessage } from './state'

/** `Thu, 24 Aug 2023 05:01:45 +0000` (RFC 2822, GMT), as the 2010 API writes dates. */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000')
}

/** `2023-08-24T05:01:45Z`, as the v1 APIs write dates. */
export function iso8601(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export function messageJson(message: StoredMessage) {
  const path = `${accountPath(message.accountSid)}/Messages/${message.sid}`
  return {
    account_sid: message.accountSid,
    api_version: '2010-04-01',
    body: message.body,
    date_created: rfc2822(message.dateCreated),
    date_sent: message.dateSent ? rfc2822(message.dateSent) : null,
    date_updated: rfc2822(message.dateUpdated),
    direction: message.direction,
    error_code: message.errorCode,
    error_message: message.errorMessage,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: String(message.mediaUrls.length),
    // Through a Messaging Service no sender is chosen yet, so Twilio answers "0" until it picks one (spec).
    num_segments: message.messagingServiceSid && !message.from ? '0' : String(message.segments),
    price: message.price,
    price_unit: 'USD',
    sid: message.sid,
    status: message.status,
    subresource_uris: { media: `${path}/Media.json` },
    to: message.to,
    uri: `${path}.json`
  }
}

/** The emulator-only view of a message (admin routes): everything Twilio was asked, its timeline and callbacks. */
export function outboxJson(message: StoredMessage) {
  return {
    ...messageJson(message),
    emulator: {
      channel: message.channel,
      encoding: message.encoding,
      segments: message.segments,
      media_urls: message.mediaUrls,
      buttons: message.buttons ?? [],
      content_sid: message.contentSid,
      content_variables: message.contentVariables,
      send_at: message.sendAt,
      validity_period: message.validityPeriod,
      status_callback: message.statusCallback,
      tags: message.tags,
      other_params: message.otherParams,
      events: message.events.map((event) => ({
        status: event.status,
        at: iso8601(event.at),
        error_code: event.errorCode,
        error_message: event.errorMessage
      })),
      callbacks: message.callbacks.map(callbackJson)
    }
  }
}

export function callbackJson(attempt: CallbackAttempt) {
  return {
    status: attempt.status,
    url: attempt.url,
    attempt: attempt.attempt,
    at: iso8601(attempt.at),
    ok: attempt.ok,
    http_status: attempt.httpStatus,
    error: attempt.error
  }
}

function numberType(phoneNumber: string): string {
  return phoneNumber.startsWith('+1') ? 'local' : 'mobile'
}

export function incomingPhoneNumberJson(accountSid: string, number: SeedPhoneNumber) {
  const date = rfc2822(number.dateCreated)
  return {
    account_sid: accountSid,
    address_requirements: 'none',
    address_sid: null,
    api_version: '2010-04-01',
    beta: false,
    bundle_sid: null,
    capabilities: { ...number.capabilities },
    date_created: date,
    date_updated: date,
    emergency_address_sid: null,
    emergency_address_status: 'unregistered',
    emergency_status: 'Inactive',
    friendly_name: number.friendlyName,
    identity_sid: null,
    origin: 'twilio',
    phone_number: number.phoneNumber,
    sid: number.sid,
    sms_application_sid: null,
    sms_fallback_method: 'POST',
    sms_fallback_url: '',
    sms_method: 'POST',
    sms_url: '',
    status: 'in-use',
    status_callback: '',
    status_callback_method: 'POST',
    subresource_uris: {
      assigned_add_ons: `${accountPath(accountSid)}/IncomingPhoneNumbers/${number.sid}/AssignedAddOns.json`
    },
    trunk_sid: null,
    type: numberType(number.phoneNumber),
    uri: `${accountPath(accountSid)}/IncomingPhoneNumbers/${number.sid}.json`,
    voice_application_sid: null,
    voice_caller_id_lookup: false,
    voice_fallback_method: 'POST',
    voice_fallback_url: '',
    voice_method: 'POST',
    voice_receive_mode: 'voice',
    voice_url: ''
  }
}

export function shortCodeJson(accountSid: string, shortCode: SeedShortCode) {
  const date = rfc2822(shortCode.dateCreated)
  return {
    account_sid: accountSid,
    api_version: '2010-04-01',
    date_created: date,
    date_updated: date,
    friendly_name: shortCode.friendlyName,
    short_code: shortCode.shortCode,
    sid: shortCode.sid,
    sms_fallback_method: 'POST',
    sms_fallback_url: '',
    sms_method: 'POST',
    sms_url: '',
    uri: `${accountPath(accountSid)}/SMS/ShortCodes/${shortCode.sid}.json`
  }
}

export function serviceJson(baseUrl: string, accountSid: string, service: SeedService) {
  const url = `${baseUrl}/v1/Services/${service.sid}`
  const date = iso8601(service.dateCreated)
  return {
    account_sid: accountSid,
    area_code_geomatch: true,
    date_created: date,
    date_updated: date,
    fallback_method: 'POST',
    fallback_to_long_code: true,
    fallback_url: null,
    friendly_name: service.friendlyName,
    inbound_method: 'POST',
    inbound_request_url: null,
    links: {
      phone_numbers: `${url}/PhoneNumbers`,
      short_codes: `${url}/ShortCodes`,
      alpha_senders: `${url}/AlphaSenders`,
      messages: `${url}/Messages`,
      us_app_to_person: `${url}/Compliance/Usa2p`,
      us_app_to_person_usecases: `${url}/Compliance/Usa2p/Usecases`,
      channel_senders: `${url}/ChannelSenders`,
      destination_alpha_senders: `${url}/DestinationAlphaSenders`
    },
    mms_converter: true,
    scan_message_content: 'inherit',
    sid: service.sid,
    smart_encoding: true,
    status_callback: service.statusCallback,
    sticky_sender: true,
    synchronous_validation: false,
    url,
    us_app_to_person_registered: false,
    use_inbound_webhook_on_number: false,
    usecase: service.usecase,
    validity_period: 36000
  }
}

function contentBase(accountSid: string, content: SeedContent) {
  const date = iso8601(content.dateCreated)
  return {
    account_sid: accountSid,
    date_created: date,
    date_updated: date,
    friendly_name: content.friendlyName,
    language: content.language,
    sid: content.sid,
    types: structuredClone(content.types),
    variables: { ...content.variables }
  }
}

export function contentJson(baseUrl: string, accountSid: string, content: SeedContent) {
  const url = `${baseUrl}/v1/Content/${content.sid}`
  return {
    ...contentBase(accountSid, content),
    url,
    links: { approval_fetch: `${url}/ApprovalRequests`, approval_create: `${url}/ApprovalRequests/whatsapp` }
  }
}

function approvalFields(content: SeedContent) {
  const types = Object.keys(content.types)
  return {
    name: content.approval.name,
    category: content.approval.category,
    content_type: content.approval.status === 'unsubmitted' ? '' : (types[0] ?? ''),
    status: content.approval.status,
    rejection_reason: content.approval.rejectionReason,
    allow_category_change: content.approval.allowCategoryChange
  }
}

export function contentAndApprovalsJson(account: DemoAccount, content: SeedContent) {
  const approval = approvalFields(content)
  return {
    ...contentBase(account.accountSid, content),
    approval_requests: account.approvalShape === 'nested' ? { whatsapp: { type: 'whatsapp', ...approval } } : approval
  }
}

export function approvalFetchJson(baseUrl: string, accountSid: string, content: SeedContent) {
  return {
    account_sid: accountSid,
    sid: content.sid,
    url: `${baseUrl}/v1/Content/${content.sid}/ApprovalRequests`,
    whatsapp: { type: 'whatsapp', ...approvalFields(content) }
  }
}

export function accountJson(account: DemoAccount, authToken: string) {
  const path = accountPath(account.accountSid)
  const date = rfc2822(new Date('2023-01-15T12:00:00Z'))
  return {
    auth_token: authToken,
    date_created: date,
    date_updated: date,
    friendly_name: account.friendlyName,
    owner_account_sid: account.accountSid,
    sid: account.accountSid,
    status: 'active',
    subresource_uris: {
      incoming_phone_numbers: `${path}/IncomingPhoneNumbers.json`,
      messages: `${path}/Messages.json`,
      short_codes: `${path}/SMS/ShortCodes.json`
    },
    type: 'Full',
    uri: `${path}.json`
  }
}
