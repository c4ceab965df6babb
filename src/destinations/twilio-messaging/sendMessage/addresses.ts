// Who a message goes to and who it comes from: recipients and senders per channel, with Twilio's address formats
// (twilio-facts.md, Addresses).
import type { Payload } from './generated-types'
import { channelName } from '../twilio'
import type { Channel } from '../twilio'
import { SHORT_CODE_PATTERN, extensionOf, isNationalNumber, toE164 } from './phone'
import type { RegionCode } from './phone'
import { fail, isBlank } from './validation'

export function readRecipient(payload: Payload, channel: Channel, country: RegionCode | undefined): string {
  if (channel === 'Messenger') {
    return `messenger:${readMessengerId(payload.toMessengerUserId, 'toMessengerUserId', 'To Messenger User ID')}`
  }
  if (isBlank(payload.toPhoneNumber)) {
    return fail(
      `To Phone Number (toPhoneNumber) is required for ${channelName(
        channel
      )}: map it to the recipient's phone number, for example +14155552671.`
    )
  }
  let raw = String(payload.toPhoneNumber).trim()
  rejectForeignPrefix(raw, channel, 'toPhoneNumber', 'To Phone Number')
  // `rcs:` is kept: it tells Twilio not to fall back to SMS.
  const rcsOnly = channel === 'RCS' && /^rcs:/i.test(raw)
  raw = raw.replace(/^(whatsapp|rcs):/i, '')
  if (SHORT_CODE_PATTERN.test(raw) && !isNationalNumber(raw, country)) {
    // Twilio refuses these with 21265; "no country code" would send people looking in the wrong place. Where the
    // Default Country has 5-6 digit numbers (the Falklands, Tuvalu, ...), a number of that country is read as one.
    fail(
      `To Phone Number (toPhoneNumber) '${raw}' is a short code, and short codes cannot receive messages (Twilio error 21265). Map the recipient's own phone number, for example +14155552671.`
    )
  }
  const e164 = toE164(raw, country, 'toPhoneNumber', 'To Phone Number')
  if (channel === 'Whatsapp') return `whatsapp:${e164}`
  return rcsOnly ? `rcs:${e164}` : e164
}

const CHANNEL_PREFIXES: Record<string, Channel> = { whatsapp: 'Whatsapp', rcs: 'RCS', messenger: 'Messenger' }

/** A channel address (`whatsapp:…`) on another channel is a mapping mistake, not something to strip silently. */
function rejectForeignPrefix(raw: string, channel: Channel, key: string, label: string): void {
  const prefix = /^([a-z]+):/i.exec(raw)?.[1]?.toLowerCase()
  if (!prefix) return
  const prefixChannel = CHANNEL_PREFIXES[prefix]
  // `rcs:` is only meaningful on the recipient; a sender never carries it.
  const allowed = prefixChannel === channel && !(prefix === 'rcs' && key === 'fromPhoneNumber')
  if (!allowed) {
    fail(
      `${label} (${key}) '${raw}' is ${prefixChannel === 'RCS' ? 'an' : 'a'} ${
        prefixChannel ? channelName(prefixChannel) : `'${prefix}:'`
      } address, but Channel is ${channelName(channel)}: remove the '${prefix}:' prefix${
        prefixChannel && prefix !== 'rcs' ? ` or set Channel to ${channelName(prefixChannel)}` : ''
      }.`
    )
  }
}

// Alphanumeric sender IDs: 1-11 of letters, digits, space, - + _ &, with at least one letter (twilio-facts.md).
const ALPHANUMERIC_SENDER_PATTERN = /^[A-Za-z0-9 \-+_&]{1,11}$/

export function readPhoneSender(value: unknown, channel: Channel, country: RegionCode | undefined): string {
  if (isBlank(value)) {
    return fail(
      `From Phone Number (fromPhoneNumber) is required when Sender Type is 'Phone number': choose one of your Twilio numbers, for example +14155550100.`
    )
  }
  rejectForeignPrefix(String(value).trim(), channel, 'fromPhoneNumber', 'From Phone Number')
  const raw = String(value)
    .trim()
    .replace(/^whatsapp:/i, '')
  if (SHORT_CODE_PATTERN.test(raw)) {
    if (channel !== 'SMS' && channel !== 'MMS') {
      fail(
        `From Phone Number (fromPhoneNumber) '${raw}' is a short code, which only sends SMS and MMS. Use a WhatsApp-enabled number in E.164 format for ${channelName(
          channel
        )}.`
      )
    }
    return raw
  }
  // Digits and punctuation are a phone number; `+ACME` is an alphanumeric sender ID.
  if (/^\+?[\d\s().-]+$/.test(raw)) {
    const e164 = toE164(raw, country, 'fromPhoneNumber', 'From Phone Number')
    return channel === 'Whatsapp' ? `whatsapp:${e164}` : e164
  }
  // A phone number with an extension (`+14155550100 x12`) is refused as such, not read as a sender ID.
  if (/^\+[\d\s().-]+/.test(raw) && extensionOf(raw, country))
    return toE164(raw, country, 'fromPhoneNumber', 'From Phone Number')
  if (ALPHANUMERIC_SENDER_PATTERN.test(raw) && /[A-Za-z]/.test(raw)) {
    if (channel !== 'SMS') {
      fail(
        `From Phone Number (fromPhoneNumber) '${raw}' is an alphanumeric sender ID, which only sends SMS. Use a phone number in E.164 format for ${channelName(
          channel
        )}.`
      )
    }
    return raw
  }
  return fail(
    `From Phone Number (fromPhoneNumber) '${raw}' is not a phone number, short code or alphanumeric sender ID: use E.164 (+14155550100), a 5-6 digit short code, or up to 11 letters, digits and spaces.`
  )
}

export function readMessengerId(value: unknown, key: string, label: string): string {
  if (isBlank(value)) {
    return fail(`${label} (${key}) is required for Messenger: map it to the numeric ID, for example 1234567890123456.`)
  }
  const id = String(value)
    .trim()
    .replace(/^messenger:/i, '')
  if (!/^\d{1,32}$/.test(id)) {
    fail(`${label} (${key}) '${id}' must be a numeric Messenger ID, for example 1234567890123456.`)
  }
  return id
}
