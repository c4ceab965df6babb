// Twilio Regions on the emulator: which host a request was meant for (the X-Twilio-Host header the tools add, see
// src/twilio-target.ts), and what Twilio refuses in a region. Each region is its own world with its own credentials,
// numbers and messages (Twilio's Region isolation model); the documented facts are cited in docs/emulator.md:
// - hosts are {product}.{edge}.{region}.twilio.com (api.dublin.ie1.twilio.com); {product}.twilio.com is US1;
//   the retired api.ie1.twilio.com pattern answers nothing;
// - in IE1, MediaUrl is refused with 21670 and ContentSid / ContentVariables with 21671;
// - a number sends only through the API of its own messaging region (21663 otherwise); +1 numbers and short codes
//   cannot be IE1 senders, and IE1 runs Programmable Messaging for SMS only.
import type { Request } from 'express'
import { EmulatorError, notFoundError, twilioErrorJson } from './errors'
import { FormParams, listParam, scalarParam } from './form-params'
import { E164, SHORT_CODE, splitChannel } from './message-addresses'

export const EMULATOR_REGIONS = ['us1', 'ie1'] as const
export type EmulatorRegion = (typeof EMULATOR_REGIONS)[number]

/** The header that names the Twilio host a request was meant for (lower case); absent means api.twilio.com. */
export const TWILIO_HOST_HEADER = 'x-twilio-host'

export type TwilioProduct = 'api' | 'messaging' | 'content'
const PRODUCTS: readonly TwilioProduct[] = ['api', 'messaging', 'content']

/** The edges each region answers on; an empty string stands for the host without edge and region (US1 only). */
const EDGES: Record<EmulatorRegion, readonly string[]> = { us1: ['', 'ashburn', 'umatilla'], ie1: ['dublin'] }

export interface TwilioHost {
  region: EmulatorRegion
  product: TwilioProduct
}

/** Every host the emulator answers as, e.g. `api.dublin.ie1.twilio.com` → {ie1, api}. */
export const KNOWN_HOSTS: ReadonlyMap<string, TwilioHost> = new Map(
  EMULATOR_REGIONS.flatMap((region) =>
    PRODUCTS.flatMap((product) => [
      ...EDGES[region].map((edge): [string, TwilioHost] => [
        edge ? `${product}.${edge}.${region}.twilio.com` : `${product}.twilio.com`,
        { region, product }
      ]),
      // `api.us1.twilio.com` stays valid (Twilio's API domain migration guide).
      ...(region === 'us1' ? [[`${product}.us1.twilio.com`, { region, product }] as [string, TwilioHost]] : [])
    ])
  )
)

/** The host a request names, or the error Twilio's side of the network would leave it with. */
export function twilioHostOf(req: Request): TwilioHost | EmulatorError {
  const named = req.get(TWILIO_HOST_HEADER)
  if (named === undefined) return { region: 'us1', product: productOfPath(req.path) ?? 'api' }
  const hostname = named.trim().toLowerCase().replace(/:443$/, '')
  const host = KNOWN_HOSTS.get(hostname)
  if (host) return host
  const retired = /^(api|messaging|content)\.(ie1|au1|br1|de1|jp1|sg1|us2)\.twilio\.com$/.exec(hostname)
  if (retired) {
    return twilioErrorJson(
      404,
      20404,
      `${hostname} no longer answers (Twilio retired the api.REGION.twilio.com pattern): use ${retired[1]}.twilio.com, or ${retired[1]}.dublin.ie1.twilio.com for IE1.`
    )
  }
  return twilioErrorJson(404, 20404, `${hostname.slice(0, 100)} is not a Twilio host the emulator answers as.`)
}

/** Which product serves a path: the 2010 API on api, Services and Senders on messaging, Content on content. */
export function productOfPath(path: string): TwilioProduct | undefined {
  if (path.startsWith('/2010-04-01/')) return 'api'
  if (/^\/v1\/Services(\/|$)/.test(path) || /^\/v2\/Channels\//.test(path)) return 'messaging'
  if (/^\/v1\/Content(AndApprovals)?(\/|$)/.test(path)) return 'content'
  return undefined
}

/** A path on a host of another product is not found there, as on Twilio (api.twilio.com has no /v1/Services). */
export function wrongProduct(req: Request, host: TwilioHost): EmulatorError | undefined {
  const product = productOfPath(req.path)
  return product && product !== host.product ? notFoundError(req.path) : undefined
}

const refusal = (code: number, message: string) => twilioErrorJson(400, code, message)

/**
 * What Messages create in `region` refuses before its usual checks, or undefined: media and templates where the
 * region sends neither, and a From that is not one of this region's senders (`foreignNumbers`: the account's
 * numbers whose messaging region is another one).
 */
export function regionalRefusal(
  params: FormParams,
  region: EmulatorRegion,
  foreignNumbers: ReadonlySet<string>
): EmulatorError | undefined {
  const from = scalarParam(params, 'From')?.trim() ?? ''
  if (region === 'ie1') {
    if (listParam(params, 'MediaUrl').some((url) => url !== '')) {
      return refusal(21670, 'Media is not supported for messaging in this Twilio region.')
    }
    if (scalarParam(params, 'ContentSid') || scalarParam(params, 'ContentVariables')) {
      return refusal(21671, 'Content Templates are not supported for messaging in this Twilio region.')
    }
    const { channel, address } = splitChannel(from)
    const usOnly = channel !== 'sms' || SHORT_CODE.test(address) || (E164.test(address) && address.startsWith('+1'))
    if (from && usOnly) return wrongRegion(from, region)
  }
  if (from && foreignNumbers.has(from)) return wrongRegion(from, region)
  return undefined
}

const wrongRegion = (from: string, region: EmulatorRegion) =>
  refusal(
    21663,
    `The 'From' number ${from} is not configured for messaging in this Twilio region (${region.toUpperCase()}): send through the API of the number's own region.`
  )
