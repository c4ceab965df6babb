// The address formats a message's To and From take: a channel prefix (`whatsapp:`, `messenger:`, `rcs:`, none for
// SMS) in front of an E.164 number, a short code, an alphanumeric sender ID, a Page ID or an RCS agent.
export type MessageChannel = 'sms' | 'whatsapp' | 'messenger' | 'rcs'

export const E164 = /^\+[1-9]\d{7,14}$/
export const SHORT_CODE = /^\d{5,6}$/
/** 1-11 characters of letters, digits, space, `-`, `+`, `_`, `&`, with at least one letter. */
export const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 +\-_&]{1,11}$/

export function splitChannel(address: string): { channel: MessageChannel; address: string } {
  const match = /^(whatsapp|messenger|rcs):(.*)$/i.exec(address)
  if (!match) return { channel: 'sms', address }
  return { channel: match[1].toLowerCase() as MessageChannel, address: match[2] }
}
