// What recipients did: replies that open a WhatsApp 24-hour session, and STOP / START keywords that opt a recipient
// out of (or back into) messages from a sender. Fed by the admin route `POST /__emulator/inbound`.

/** WhatsApp's customer service window: free-form messages are allowed for 24 hours after the customer's last message. */
export const WHATSAPP_SESSION_MS = 24 * 60 * 60 * 1000

/** Twilio's default opt-out and opt-in keywords (Advanced Opt-Out defaults), matched against the whole body. */
export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']
export const OPT_IN_KEYWORDS = ['START', 'YES', 'UNSTOP']

export type InboundEffect = 'opt-out' | 'opt-in' | 'message'

/** A recipient and one of the account's senders, both with their channel prefix (`whatsapp:+1…`) if any. */
const pairKey = (recipient: string, sender: string) => `${recipient.toLowerCase()}|${sender.toLowerCase()}`

export class RecipientBook {
  private readonly lastInbound = new Map<string, number>()
  private readonly optedOut = new Set<string>()

  /** Records a message from `from` (a recipient) to `to` (a sender of the account) and applies its keyword. */
  inbound(from: string, to: string, body: string, now: Date): InboundEffect {
    const key = pairKey(from, to)
    this.lastInbound.set(key, now.getTime())
    const keyword = body.trim().toUpperCase()
    if (OPT_OUT_KEYWORDS.includes(keyword)) {
      this.optedOut.add(key)
      return 'opt-out'
    }
    if (OPT_IN_KEYWORDS.includes(keyword)) {
      this.optedOut.delete(key)
      return 'opt-in'
    }
    return 'message'
  }

  /** Whether `recipient` replied STOP to any of `senders` (a Messaging Service shares opt-outs across its pool). */
  isOptedOut(recipient: string, senders: readonly string[]): boolean {
    return senders.some((sender) => this.optedOut.has(pairKey(recipient, sender)))
  }

  /** Whether `recipient` wrote to `sender` within the last 24 hours, as of `now`. */
  hasOpenSession(recipient: string, sender: string, now: Date): boolean {
    const last = this.lastInbound.get(pairKey(recipient, sender))
    return last !== undefined && now.getTime() - last < WHATSAPP_SESSION_MS && now.getTime() >= last
  }

  reset(): void {
    this.lastInbound.clear()
    this.optedOut.clear()
  }
}
