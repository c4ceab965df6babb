// Every lookup's GET to Twilio, with redirects handled here rather than by the HTTP client: node-fetch 2 (under
// actions-core's request client) follows them on its own and keeps the Authorization header for any subdomain. A
// redirect to one of Twilio's hosts in the region the settings chose is followed with the same credentials; one
// anywhere else (another region included: its credentials are other ones) ends the lookup with an error, and nothing
// is sent there.
import { HTTPError } from '@segment/actions-core'
import type { ModifiedResponse, RequestClient } from '@segment/actions-core'
import { TwilioRedirectError } from './errors'
import { twilioHosts } from './hosts'
import type { TwilioTarget } from './regions'

/** Redirects followed in one lookup request at most. */
export const MAX_LOOKUP_REDIRECTS = 3

/**
 * The origins of Twilio's hosts in the target's region. (Tools that put a stand-in in Twilio's place rewrite each
 * request's URL.)
 */
function twilioOrigins(target: TwilioTarget): string[] {
  return Object.values(twilioHosts(target)).map((host) => new URL(host).origin)
}

function redirectTarget(error: HTTPError, from: string): URL | undefined {
  const location = error.response.headers.get('location')
  if (!location) return undefined
  try {
    return new URL(location, from)
  } catch {
    return undefined
  }
}

/** GET `url` from Twilio; 4xx and 5xx throw actions-core's HTTPError as the request client throws them. */
export async function getFromTwilio(
  request: RequestClient,
  twilioTarget: TwilioTarget,
  url: string
): Promise<ModifiedResponse> {
  let current = url
  for (let redirects = 0; ; redirects++) {
    try {
      // Large pages hang when the client clones the response (actions-core-notes.md).
      return await request(current, { method: 'GET', skipResponseCloning: true, redirect: 'manual' })
    } catch (error) {
      const status = error instanceof HTTPError ? error.response.status : 0
      if (!(error instanceof HTTPError) || status < 300 || status >= 400) throw error
      const next = redirectTarget(error, current)
      if (!next || !twilioOrigins(twilioTarget).includes(next.origin))
        throw new TwilioRedirectError(status, next?.origin)
      if (redirects >= MAX_LOOKUP_REDIRECTS) throw new TwilioRedirectError(status, next.origin, true)
      current = next.toString()
    }
  }
}
