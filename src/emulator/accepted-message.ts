// What Messages create validation answers: the message to store, or the refusal Twilio would send instead.
import { EmulatorError, twilioErrorJson } from './errors'
import type { MessageChannel } from './message-addresses'

/** Everything about an accepted message except what the state assigns (sid, dates). */
export interface AcceptedMessage {
  to: string
  from: string | null
  messagingServiceSid: string | null
  body: string
  mediaUrls: string[]
  /** The buttons of the template's type sent on this channel (a WhatsApp quick reply's titles). */
  buttons?: string[]
  contentSid: string | null
  contentVariables: Record<string, string> | null
  status: 'queued' | 'accepted' | 'scheduled'
  channel: MessageChannel
  /** Segments as Twilio counts them: SMS bodies by GSM-7 160/153 or UCS-2 70/67; one for MMS and chat channels. */
  segments: number
  encoding: 'GSM-7' | 'UCS-2'
  sendAt: string | null
  validityPeriod: number | null
  statusCallback: string | null
  tags: string | null
  /** Parameters the emulator does not interpret, kept for the outbox (e.g. ShortenUrls, SmartEncoded). */
  otherParams: Record<string, string | string[]>
}

/** A refusal fits every check's result as well as the final ValidationResult, so checks hand it straight back. */
export type Refusal = { ok: false; error: EmulatorError }

export type ValidationResult = { ok: true; message: AcceptedMessage } | Refusal

/** Twilio's error `code` with its message, 400 unless said otherwise. */
export const refuse = (code: number, message: string, status = 400): Refusal => ({
  ok: false,
  error: twilioErrorJson(status, code, message)
})
