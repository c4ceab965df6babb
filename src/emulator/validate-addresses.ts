// Messages create, To and From: the magic numbers of the test credentials first, then the address format, then
// From must be a sender of this account on the To's channel (21211, 21212, 21265, 21266, 21606, 21910, 63007).
import { Refusal, refuse } from './accepted-message'
import { MAGIC_FROM_ERRORS, MAGIC_TO_ERRORS } from './magic-numbers'
import { ALPHANUMERIC_SENDER, E164, MessageChannel, SHORT_CODE, splitChannel } from './message-addresses'
import type { DemoAccount } from './seed'

export type CheckedRecipient = { ok: true; channel: MessageChannel }

/** The To address: a number (or Messenger ID) on its channel, never a short code. */
export function checkRecipient(to: string): CheckedRecipient | Refusal {
  const toParts = splitChannel(to)
  if (MAGIC_TO_ERRORS[toParts.address]) {
    const [code, message] = MAGIC_TO_ERRORS[toParts.address]
    return refuse(code, message)
  }
  if (toParts.channel === 'sms' && SHORT_CODE.test(toParts.address)) {
    return refuse(21265, "'To' number cannot be a Short Code")
  }
  const toValid = toParts.channel === 'messenger' ? /^\d{5,20}$/.test(toParts.address) : E164.test(toParts.address)
  if (!toValid) return refuse(21211, `The 'To' number ${to} is not a valid phone number.`)
  return { ok: true, channel: toParts.channel }
}

/** Capability keys come in either case (some accounts see `SMS`/`MMS`). */
function hasCapability(capabilities: Record<string, boolean>, name: string): boolean {
  return Object.entries(capabilities).some(([key, value]) => key.toLowerCase() === name && value === true)
}

/** The From address, given an already checked To: undefined when the account may send from it. */
export function checkSender(
  from: string,
  to: string,
  toChannel: MessageChannel,
  mediaCount: number,
  account: DemoAccount
): Refusal | undefined {
  if (MAGIC_FROM_ERRORS[from]) {
    const [code, message] = MAGIC_FROM_ERRORS[from]
    return refuse(code, message)
  }
  const fromParts = splitChannel(from)
  if (fromParts.channel !== toChannel) {
    return refuse(21910, 'Invalid From and To pair. From and To should be of the same channel')
  }
  const notOurs = () =>
    refuse(
      21606,
      `The 'From' phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`
    )
  const noSender = () => refuse(63007, `Twilio could not find a Channel with the specified From address: ${from}`)
  if (fromParts.channel === 'whatsapp') {
    if (!account.whatsappSenders.includes(fromParts.address)) return noSender()
  } else if (fromParts.channel === 'messenger') {
    if (!account.messengerPageIds.includes(fromParts.address)) return noSender()
  } else if (fromParts.channel === 'rcs') {
    const rcsSenders = account.services.flatMap((candidate) => candidate.senders).filter((s) => s.startsWith('rcs:'))
    if (!rcsSenders.includes(from)) return noSender()
  } else if (E164.test(from)) {
    const owned = account.phoneNumbers.find((candidate) => candidate.phoneNumber === from)
    if (!owned || !hasCapability(owned.capabilities, 'sms')) return notOurs()
    if (mediaCount > 0 && !hasCapability(owned.capabilities, 'mms')) return notOurs()
  } else if (SHORT_CODE.test(from)) {
    if (!account.shortCodes.some((candidate) => candidate.shortCode === from)) return notOurs()
  } else if (ALPHANUMERIC_SENDER.test(from)) {
    if (mediaCount > 0) return notOurs()
  } else {
    return refuse(21212, `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`)
  }
  if (from === to) return refuse(21266, "'To' and 'From' number cannot be the same")
  return undefined
}
