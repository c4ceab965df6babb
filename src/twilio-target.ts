// Points the destination at a stand-in for Twilio (the offline emulator, a fault proxy) from outside its folder: the
// destination always addresses Twilio's own hosts, and each request function its handlers receive is wrapped so that
// a URL on a Twilio host goes to the stand-in instead, path and query unchanged, with the host it was meant for in
// the X-Twilio-Host header (so the emulator answers as api.dublin.ie1.twilio.com or as api.twilio.com). The folder
// itself never learns of it (Segment's runtime has no such switch), and nothing is read from the environment.
import type { DestinationDefinition, RequestClient } from '@segment/actions-core'
// The header the emulator reads (src/emulator/regions.ts): the Twilio host a request was meant for, lower case.
import { TWILIO_HOST_HEADER } from './emulator/regions'

/** `https://` and a host under twilio.com, up to the path. */
const TWILIO_ORIGIN = /^https:\/\/(?:[a-z0-9-]+\.)*twilio\.com(?=[/?#]|$)/i

/** The stand-in's base URL (`http(s)://host:port`, maybe with a path), without a trailing slash; throws otherwise. */
export function standInBase(baseUrl: string): string {
  let url: URL
  try {
    url = new URL(baseUrl)
  } catch {
    throw new TypeError(
      `The Twilio stand-in address ${JSON.stringify(baseUrl)} is not a URL such as http://127.0.0.1:4010.`
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`The Twilio stand-in address ${JSON.stringify(baseUrl)} must start with http:// or https://.`)
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new TypeError(
      `The Twilio stand-in address ${JSON.stringify(baseUrl)} may not hold a query, a fragment or credentials.`
    )
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '')
}

/** `url` with a Twilio origin replaced by `base`; any other URL unchanged. */
export function rewriteTwilioUrl(url: string, base: string): string {
  return url.replace(TWILIO_ORIGIN, base)
}

export { TWILIO_HOST_HEADER }

/** `{x-twilio-host: <host>}` for a URL on a Twilio host; nothing for any other URL. */
export function standInHeaders(url: string): Record<string, string> {
  const origin = TWILIO_ORIGIN.exec(url)?.[0]
  return origin ? { [TWILIO_HOST_HEADER]: new URL(origin).hostname.toLowerCase() } : {}
}

type Handler = (request: RequestClient, ...rest: unknown[]) => unknown
type RequestOptions = NonNullable<Parameters<RequestClient>[1]>

/** The request's own headers (an object, a Headers or pairs) with the stand-in's added. */
function withStandInHeaders(options: RequestOptions | undefined, added: Record<string, string>): RequestOptions {
  const headers: Record<string, string> = {}
  new Headers((options?.headers ?? {}) as HeadersInit).forEach((value, name) => (headers[name] = value))
  return { ...options, headers: { ...headers, ...added } }
}

function redirectingClient(request: RequestClient, base: string): RequestClient {
  return ((url: string, options?: RequestOptions) => {
    const added = standInHeaders(url)
    if (Object.keys(added).length === 0) return request(url, options)
    return request(rewriteTwilioUrl(url, base), withStandInHeaders(options, added))
  }) as RequestClient
}

function wrapHandler<T>(handler: T, base: string): T {
  if (typeof handler !== 'function') return handler
  const original = handler as unknown as Handler
  return ((request: RequestClient, ...rest: unknown[]) =>
    original(redirectingClient(request, base), ...rest)) as unknown as T
}

/** Dynamic fields are handlers, or (object fields) records of `__keys__` / `__values__` handlers. */
function wrapDynamicFields<T>(fields: T, base: string): T {
  if (!fields || typeof fields !== 'object') return fields
  const wrapped: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fields as Record<string, unknown>)) {
    wrapped[key] = typeof value === 'function' ? wrapHandler(value, base) : wrapDynamicFields(value, base)
  }
  return wrapped as T
}

/**
 * A copy of `definition` whose every request to a Twilio host goes to `baseUrl`: the credential check, each
 * action's perform, performBatch and dynamic fields. The original is not changed.
 */
export function targetTwilio<Settings>(
  definition: DestinationDefinition<Settings>,
  baseUrl: string
): DestinationDefinition<Settings> {
  const base = standInBase(baseUrl)
  const authentication = definition.authentication && {
    ...definition.authentication,
    testAuthentication: wrapHandler(definition.authentication.testAuthentication, base)
  }
  const actions: DestinationDefinition<Settings>['actions'] = {}
  for (const [slug, action] of Object.entries(definition.actions)) {
    actions[slug] = {
      ...action,
      perform: wrapHandler(action.perform, base),
      performBatch: wrapHandler(action.performBatch, base),
      dynamicFields: wrapDynamicFields(action.dynamicFields, base)
    }
  }
  return { ...definition, authentication, actions } as DestinationDefinition<Settings>
}
