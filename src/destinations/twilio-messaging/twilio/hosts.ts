// Twilio's hosts and the addresses of every resource this destination calls, in the region (and through the edge)
// the settings chose. Hosts come from a table built from regions.ts: a setting's text is never pasted into a URL.
import { TwilioResponseFormatError } from './errors'
import { KNOWN_TARGETS, US1_TARGET } from './regions'
import type { TwilioTarget } from './regions'

export type TwilioService = 'api' | 'messaging' | 'content'
const SERVICES: readonly TwilioService[] = ['api', 'messaging', 'content']

/** The US1 hosts, as every configuration without a region uses them. */
export const TWILIO_HOSTS: Readonly<Record<TwilioService, string>> = hostsOf(US1_TARGET)

const targetKey = (target: Pick<TwilioTarget, 'region' | 'edge'>) =>
  target.edge ? `${target.region}/${target.edge}` : target.region

/**
 * `{product}.{edge}.{region}.twilio.com` (Twilio's regional host names, e.g. api.dublin.ie1.twilio.com); without an
 * edge in US1 the plain `{product}.twilio.com`.
 */
function hostsOf(target: Pick<TwilioTarget, 'region' | 'edge'>): Record<TwilioService, string> {
  const suffix = target.edge ? `.${target.edge}.${target.region}` : ''
  return Object.fromEntries(SERVICES.map((service) => [service, `https://${service}${suffix}.twilio.com`])) as Record<
    TwilioService,
    string
  >
}

const HOSTS_BY_TARGET: ReadonlyMap<string, Readonly<Record<TwilioService, string>>> = new Map(
  KNOWN_TARGETS.map((target) => [targetKey(target), Object.freeze(hostsOf(target))])
)

/** The hosts of a target; throws for a target the tables do not list (it cannot pass readTwilioTarget). */
export function twilioHosts(target: TwilioTarget): Readonly<Record<TwilioService, string>> {
  const hosts = HOSTS_BY_TARGET.get(targetKey(target))
  if (!hosts) throw new TypeError(`No Twilio hosts are known for ${JSON.stringify(targetKey(target))}`)
  return hosts
}

/** The origins of every host of every known target: what Twilio's own hosts are. */
export const ALL_TWILIO_ORIGINS: readonly string[] = [...HOSTS_BY_TARGET.values()].flatMap((hosts) =>
  Object.values(hosts)
)

/** Joins a Twilio path (starting with `/`) to the host of its service in the target's region. */
export function twilioUrl(target: TwilioTarget, service: TwilioService, path: string): string {
  return `${twilioHosts(target)[service]}${path}`
}

/**
 * Resolves a `next_page_uri` (a path relative to the API host) or `next_page_url` (absolute) against the service's
 * host in the target's region. Only the path and query of an absolute URL are kept: the request client attaches the
 * account's credentials to every request, so a next-page link must never lead to another host.
 */
export function resolveTwilioPageUrl(target: TwilioTarget, service: TwilioService, uriOrUrl: string): string {
  const base = twilioHosts(target)[service]
  let resolved: string
  if (/^[a-z][a-z0-9+.-]*:/i.test(uriOrUrl) || uriOrUrl.startsWith('//')) {
    const parsed = new URL(uriOrUrl, base)
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new TwilioResponseFormatError(`Twilio returned a next-page link that is not http(s): ${parsed.protocol}`)
    }
    resolved = `${base}${parsed.pathname}${parsed.search}`
  } else {
    resolved = twilioUrl(target, service, uriOrUrl.startsWith('/') ? uriOrUrl : `/${uriOrUrl}`)
  }
  // Whatever the link held, the request must stay on the host the credentials are meant for.
  if (new URL(resolved).origin !== new URL(base).origin) {
    throw new TwilioResponseFormatError('Twilio returned a next-page link that leads to another host')
  }
  return resolved
}

export const accountPath = (accountSid: string) => `/2010-04-01/Accounts/${encodeURIComponent(accountSid)}`
export const messagesUrl = (target: TwilioTarget, accountSid: string) =>
  twilioUrl(target, 'api', `${accountPath(accountSid)}/Messages.json`)
export const incomingPhoneNumbersUrl = (target: TwilioTarget, accountSid: string) =>
  twilioUrl(target, 'api', `${accountPath(accountSid)}/IncomingPhoneNumbers.json`)
export const shortCodesUrl = (target: TwilioTarget, accountSid: string) =>
  twilioUrl(target, 'api', `${accountPath(accountSid)}/SMS/ShortCodes.json`)
export const messagingServicesUrl = (target: TwilioTarget) => twilioUrl(target, 'messaging', '/v1/Services')
export const contentUrl = (target: TwilioTarget) => twilioUrl(target, 'content', '/v1/Content')
export const contentAndApprovalsUrl = (target: TwilioTarget) => twilioUrl(target, 'content', '/v1/ContentAndApprovals')
/** Only call with a SID that matched CONTENT_SID_PATTERN: it goes into the path. */
export const contentBySidUrl = (target: TwilioTarget, contentSid: string) =>
  twilioUrl(target, 'content', `/v1/Content/${encodeURIComponent(contentSid)}`)
/** Senders API (twilio_messaging_v2.json, ListChannelsSender): `Channel` is required, e.g. `whatsapp`. */
export const channelSendersUrl = (target: TwilioTarget, channel: string) =>
  twilioUrl(target, 'messaging', `/v2/Channels/Senders?Channel=${encodeURIComponent(channel)}`)
