// Twilio's hosts and the addresses of every resource this destination calls.
import { TwilioResponseFormatError } from './errors'

export type TwilioService = 'api' | 'messaging' | 'content'

export const TWILIO_HOSTS: Record<TwilioService, string> = {
  api: 'https://api.twilio.com',
  messaging: 'https://messaging.twilio.com',
  content: 'https://content.twilio.com'
}

/** Joins a Twilio path (starting with `/`) to the host of its service. */
export function twilioUrl(service: TwilioService, path: string): string {
  return `${TWILIO_HOSTS[service]}${path}`
}

/**
 * Resolves a `next_page_uri` (a path relative to api.twilio.com) or `next_page_url` (absolute) against the
 * service's host. Only the path and query of an absolute URL are kept: the request client attaches the account's
 * credentials to every request, so a next-page link must never lead to another host.
 */
export function resolveTwilioPageUrl(service: TwilioService, uriOrUrl: string): string {
  const base = TWILIO_HOSTS[service]
  let resolved: string
  if (/^[a-z][a-z0-9+.-]*:/i.test(uriOrUrl) || uriOrUrl.startsWith('//')) {
    const parsed = new URL(uriOrUrl, base)
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new TwilioResponseFormatError(`Twilio returned a next-page link that is not http(s): ${parsed.protocol}`)
    }
    resolved = `${base}${parsed.pathname}${parsed.search}`
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
/** Senders API (twilio_messaging_v2.json, ListChannelsSender): `Channel` is required, e.g. `whatsapp`. */
export const channelSendersUrl = (channel: string) =>
  twilioUrl('messaging', `/v2/Channels/Senders?Channel=${encodeURIComponent(channel)}`)
