import type { DestinationDefinition } from '@segment/actions-core'
import { IntegrationError, InvalidAuthenticationError } from '@segment/actions-core'
import type { Settings } from './generated-types'
import { createSendMessage } from './sendMessage'
import {
  DEFAULT_REGION,
  REGIONS,
  TWILIO_EDGES,
  describeTwilioError,
  incomingPhoneNumbersUrl,
  parseTwilioErrorBody,
  twilioError
} from './twilio'
import { assertUsableSettings, settingsTarget } from './sendMessage/settings-check'
import { tuningWith } from './sendMessage/tuning'
import type { Tuning } from './sendMessage/tuning'

export type { Tuning }

/**
 * The destination with another time budget (`tuning`, see sendMessage/tuning.ts): for the dev tools, tests and
 * benchmarks. Segment's runtime uses the default export, built with the defaults.
 */
export function createTwilioMessaging(tuning: Partial<Tuning> = {}): DestinationDefinition<Settings> {
  return definition(tuningWith(tuning))
}

const definition = (tuning: Tuning): DestinationDefinition<Settings> => ({
  name: 'Twilio Messaging',
  slug: 'actions-twilio-messaging',
  mode: 'cloud',
  description:
    'Send SMS, MMS, WhatsApp, RCS and Facebook Messenger messages through Twilio, written inline or from Twilio Content Templates, to the people in your Segment events.',
  authentication: {
    scheme: 'basic',
    fields: {
      accountSID: {
        label: 'Twilio Account SID',
        description:
          'Your Twilio Account SID: AC followed by 32 hexadecimal characters. Twilio Console > Account Dashboard, under Account Info.',
        type: 'string',
        required: true
      },
      apiKeySID: {
        label: 'Twilio API Key SID',
        description:
          'The SID of a Twilio API key of this account: SK followed by 32 hexadecimal characters. Create one in Twilio Console > Account > API keys & tokens (a Standard key is enough).',
        type: 'string',
        required: true
      },
      apiKeySecret: {
        label: 'Twilio API Key Secret',
        description:
          'The secret of that API key. Twilio shows it only once, when the key is created: if it is lost, create a new key.',
        type: 'password',
        required: true
      },
      region: {
        label: 'Twilio Region',
        description:
          "Where Twilio processes and stores your messages. United States (US1) is Twilio's default. Ireland (IE1) keeps SMS data in the EU (Twilio's EU data residency for SMS, in public beta): it needs an API key created in IE1 and senders whose messaging region is IE1, and sends SMS only: no media, Content Templates, +1 numbers or short codes.",
        type: 'string',
        choices: [
          { label: 'United States (US1)', value: 'us1' },
          { label: 'Ireland (IE1), EU data residency for SMS', value: 'ie1' }
        ],
        default: DEFAULT_REGION,
        required: false
      },
      edge: {
        label: 'Twilio Edge Location',
        description:
          "Optional: where requests enter Twilio's network. Leave it empty for Twilio's own routing (US1) or dublin (IE1, its only edge). US1 also takes ashburn or umatilla.",
        type: 'string',
        choices: TWILIO_EDGES.map((edge) => ({ label: edge, value: edge })),
        required: false
      }
    },
    testAuthentication: async (request, { settings }) => {
      assertUsableSettings(settings)
      const target = settingsTarget(settings)
      // A Standard API key may not read the Account resource; listing one number proves key and account match.
      const response = await request(`${incomingPhoneNumbersUrl(target, settings.accountSID.trim())}?PageSize=1`, {
        method: 'GET',
        throwHttpErrors: false,
        // The credentials go to Twilio's API host and nowhere else.
        redirect: 'manual',
        timeout: tuning.sendTimeoutMs
      })
      if (response.status === 401 || response.status === 403) {
        const twilio = describeTwilioError(response.status, parseTwilioErrorBody(response.data, response.content))
        throw new InvalidAuthenticationError(
          `Twilio rejected the credentials: the API Key SID, API Key Secret and Account SID do not match (the key must belong to this account${
            target.region === 'us1'
              ? ''
              : `, and be created in ${REGIONS[target.region].name}: API keys work in their own region only`
          }). ${twilio}`
        )
      }
      if (response.status >= 300 && response.status < 400) {
        throw new IntegrationError(
          `Twilio answered the credential check with a redirect (HTTP ${response.status}), which is never followed: the credentials go to Twilio's API host and nowhere else. Try again later, or check Twilio's status page.`,
          'TWILIO_REDIRECT',
          400
        )
      }
      if (response.status >= 400) {
        throw twilioError(response.status, parseTwilioErrorBody(response.data, response.content), response.content)
      }
      return true
    }
  },
  // The Authorization header is built here rather than passed as username/password: actions-core turns those into
  // the same header in a beforeRequest hook that rebuilds every request a second time (12-22% of an event's CPU).
  // No Accept header: Twilio picks JSON from the `.json` path (2010 API) and its v1 APIs only speak JSON.
  extendRequest: ({ settings }) => {
    // Runs before perform: a non-text SID must reach perform's settings check, not crash here with a 500.
    const username = typeof settings.apiKeySID === 'string' ? settings.apiKeySID.trim() : undefined
    const authorization = basicAuthorization(username, settings.apiKeySecret)
    return authorization ? { headers: { Authorization: authorization } } : {}
  },
  actions: {
    sendMessage: createSendMessage(tuning)
  }
})

/**
 * HTTP basic auth with the same bytes actions-core's `username`/`password` options produce (UTF-8, base64, an empty
 * part read as ''), or undefined when both parts are empty, where actions-core sends no header either.
 */
export function basicAuthorization(username: string | undefined, password: string | undefined): string | undefined {
  if (!username && !password) return undefined
  return `Basic ${Buffer.from(`${username || ''}:${password || ''}`, 'utf8').toString('base64')}`
}

export default createTwilioMessaging()
