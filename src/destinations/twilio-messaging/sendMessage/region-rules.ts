// What the Twilio Region of the settings cannot send, refused before any request with Twilio's own error code and
// a fix: the channel, media, Content Templates and senders (twilio/regions.ts holds the facts, docs/fields.md the
// sources). The dropdowns use the same words, so a marketer reads one explanation wherever it shows up.
import { REGIONS, channelName, regionCode } from '../twilio'
import type { Channel, TwilioRegion } from '../twilio'
import { SHORT_CODE_PATTERN } from './phone'

const settingFix = (region: TwilioRegion) =>
  `or set Twilio Region (region) to 'us1' in the destination settings (${regionCode(region)} is chosen now)`

/** Why `channel` cannot be sent in `region`, or undefined when it can. */
export function channelRegionProblem(channel: Channel, region: TwilioRegion): string | undefined {
  const profile = REGIONS[region]
  if (profile.channels.includes(channel)) return undefined
  const offered = profile.channels.map(channelName).join(', ')
  const why =
    channel === 'MMS' && profile.mediaRefusal
      ? `Twilio refuses media there (error ${profile.mediaRefusal})`
      : `Twilio offers ${offered} only there`
  return `Channel (channel) ${channelName(channel)} cannot be sent through ${profile.name}: ${why}. Set Channel to ${
    profile.channels.length === 1 ? offered : `one of ${offered}`
  }, ${settingFix(region)}.`
}

/** Why media URLs cannot be sent in `region`, or undefined when they can. */
export function mediaRegionProblem(region: TwilioRegion): string | undefined {
  const profile = REGIONS[region]
  if (!profile.mediaRefusal) return undefined
  return `Inline Media URLs (inlineMediaUrls): Twilio refuses media in ${profile.name} (error ${
    profile.mediaRefusal
  }). Remove the media URLs, ${settingFix(region)} to send them as MMS.`
}

/** Why Content Templates cannot be sent in `region`, or undefined when they can. */
export function templateRegionProblem(region: TwilioRegion, templateType?: string): string | undefined {
  const profile = REGIONS[region]
  if (!profile.templateRefusal) return undefined
  const chosen = templateType ? ` '${templateType}'` : ''
  return `Content Template Type (contentTemplateType)${chosen}: Twilio refuses Content Templates in ${
    profile.name
  } (error ${
    profile.templateRefusal
  }). Set Content Template Type to Inline and write the text in Inline Template, ${settingFix(region)}.`
}

/** A +1 number in E.164: the North American Numbering Plan. */
export const isNorthAmerican = (e164: string): boolean => /^\+1\d/.test(e164)

/** Why the sender `from` (as built: E.164, short code or sender ID) cannot send in `region`, or undefined. */
export function senderRegionProblem(from: string, region: TwilioRegion): string | undefined {
  const profile = REGIONS[region]
  const fix = `Choose a number of another country or an alphanumeric sender ID, ${settingFix(region)}.`
  if (profile.northAmericanSenderRefusal && isNorthAmerican(from)) {
    return `From Phone Number (fromPhoneNumber) '${from}' is a +1 (North American) number, which cannot send in ${profile.name}: Twilio does not allow +1 numbers there (error ${profile.northAmericanSenderRefusal}). ${fix}`
  }
  if (profile.shortCodeRefusal && SHORT_CODE_PATTERN.test(from)) {
    return `From Phone Number (fromPhoneNumber) '${from}' is a short code, which cannot send in ${profile.name}: short codes stay in US1, and Twilio refuses a sender of another region (error ${profile.shortCodeRefusal}). ${fix}`
  }
  return undefined
}

/** Why none of an account's numbers is offered as a sender in `region` (each was refused by senderRegionProblem). */
export function noRegionalSenderProblem(region: TwilioRegion): string {
  const profile = REGIONS[region]
  return `None of the numbers in this Twilio account can send in ${
    profile.name
  }: Twilio does not allow +1 numbers there (error ${
    profile.northAmericanSenderRefusal
  }). Type a number of another country or an alphanumeric sender ID, ${settingFix(region)}.`
}
