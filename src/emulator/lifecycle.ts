// What happens after Twilio accepts a message: queued/accepted/scheduled -> sending -> sent -> delivered, or a late
// failure with Twilio's code. Transitions run on the injected Scheduler, each one fires the status callback.
import type { Scheduler, TimerHandle } from './clock'
import type { CallbackSender } from './callbacks'
import { EmulatorError, twilioErrorJson } from './errors'
import type { RecipientBook } from './recipients'
import type { DemoAccount, SeedService } from './seed'
import { FINAL_STATUSES, type MessageStatus, type StoredMessage } from './state'
import { splitChannel, type AcceptedMessage } from './validate'

/** Emulated time between two transitions by default (queued -> sending -> sent -> delivered). */
export const DEFAULT_STEP_MS = 1000

type TwilioFailure = readonly [code: number, message: string]

/**
 * Recipients whose carrier reports a failure after the message was sent: status `undelivered` with the code. The
 * last digits are the code (+1 415 553 000X -> 3000X), on any channel (`whatsapp:+14155530003` too).
 */
export const CARRIER_FAILURES: Record<string, TwilioFailure> = {
  '+14155530003': [30003, 'Unreachable destination handset'],
  '+14155530005': [30005, 'Unknown destination handset'],
  '+14155530006': [30006, 'Landline or unreachable carrier'],
  '+14155530007': [30007, 'Message filtered'],
  '+14155530008': [30008, 'Unknown error']
}

/** Failures Twilio reports after acceptance, with status `failed` (error dictionary texts). */
export const LATE_FAILURES = {
  outsideSession: [
    63016,
    'Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.'
  ],
  templateNotApproved: [63027, 'Template does not exist for a language and locale'],
  optedOut: [21610, 'Attempt to send to unsubscribed recipient'],
  noChannelSender: [63007, 'Twilio could not find a Channel with the specified From address']
} as const satisfies Record<string, TwilioFailure>

/** Illustrative prices in USD (not Twilio's price list): per SMS segment, per MMS, per chat message. */
export const EMULATOR_PRICES = { smsSegment: 0.0079, mms: 0.02, whatsapp: 0.005, rcs: 0.0079, messenger: 0 }

export function priceOf(message: StoredMessage): string {
  const amount =
    message.channel === 'sms'
      ? message.mediaUrls.length > 0
        ? EMULATOR_PRICES.mms
        : EMULATOR_PRICES.smsSegment * message.segments
      : EMULATOR_PRICES[message.channel]
  return `-${amount.toFixed(5)}`
}

export interface LifecycleDeps {
  account: DemoAccount
  scheduler: Scheduler
  recipients: RecipientBook
  callbacks: CallbackSender
  stepMs?: number
}

export class Lifecycle {
  private readonly timers = new Map<string, TimerHandle>()
  /** The emulated time of each message's last transition (Twilio time, ahead of the wall clock at a time scale). */
  private readonly logical = new Map<string, number>()

  constructor(private readonly deps: LifecycleDeps) {}

  get stepMs(): number {
    return this.deps.stepMs ?? DEFAULT_STEP_MS
  }

  set stepMs(value: number) {
    this.deps.stepMs = Math.max(0, value)
  }

  serviceOf(message: { messagingServiceSid: string | null }): SeedService | undefined {
    return this.deps.account.services.find((service) => service.sid === message.messagingServiceSid)
  }

  /** A refusal at create time: a recipient who replied STOP to this From gets 400 / 21610 at once. */
  refusal(accepted: AcceptedMessage): EmulatorError | undefined {
    if (accepted.from && this.deps.recipients.isOptedOut(accepted.to, [accepted.from])) {
      return twilioErrorJson(400, LATE_FAILURES.optedOut[0], LATE_FAILURES.optedOut[1])
    }
    return undefined
  }

  /** Plans the first transition of a freshly created message (no callback for the initial status, as on Twilio). */
  start(message: StoredMessage): void {
    if (message.status === 'scheduled' && message.sendAt) {
      const wait = Date.parse(message.sendAt) - message.dateCreated.getTime()
      this.later(message, wait, (at) => this.release(message, at))
    } else if (message.status === 'accepted') {
      this.later(message, this.stepMs, (at) => this.release(message, at))
    } else if (message.status === 'queued') {
      this.later(message, this.stepMs, (at) => this.dispatch(message, at))
    }
  }

  /** `POST Messages/{Sid}.json` with `Status=canceled`: only a scheduled message can be canceled (else 30409). */
  cancel(message: StoredMessage): EmulatorError | undefined {
    if (message.status !== 'scheduled') return twilioErrorJson(400, 30409, 'This message cannot be canceled')
    this.timers.get(message.sid)?.cancel()
    this.timers.delete(message.sid)
    this.transition(message, 'canceled', this.deps.scheduler.now())
    return undefined
  }

  reset(): void {
    for (const timer of this.timers.values()) timer.cancel()
    this.timers.clear()
    this.logical.clear()
  }

  private later(message: StoredMessage, delayMs: number, task: (at: Date) => void): void {
    const at = (this.logical.get(message.sid) ?? message.dateCreated.getTime()) + Math.max(0, delayMs)
    const timer = this.deps.scheduler.after(Math.max(0, delayMs), () => {
      this.timers.delete(message.sid)
      this.logical.set(message.sid, at)
      task(new Date(at))
    })
    this.timers.set(message.sid, timer)
  }

  /** A Messaging Service picks a sender of the channel from its pool; then the message is `queued`. */
  private release(message: StoredMessage, at: Date): void {
    if (!message.from) {
      const sender = this.pickSender(message)
      if (!sender) return this.transition(message, 'failed', at, LATE_FAILURES.noChannelSender)
      message.from = sender
    }
    this.transition(message, 'queued', at)
    this.later(message, this.stepMs, (next) => this.dispatch(message, next))
  }

  private pickSender(message: StoredMessage): string | undefined {
    const senders = this.serviceOf(message)?.senders ?? []
    if (message.channel === 'sms') return senders.find((sender) => !/^[a-z]+:/i.test(sender))
    return senders.find((sender) => sender.toLowerCase().startsWith(`${message.channel}:`))
  }

  /** Leaving the queue: late failures are decided now (a session or a STOP may have changed since creation). */
  private dispatch(message: StoredMessage, at: Date): void {
    const failure = this.lateFailure(message, at)
    if (failure) return this.transition(message, 'failed', at, failure)
    this.transition(message, 'sending', at)
    this.later(message, this.stepMs, (sentAt) => {
      this.transition(message, 'sent', sentAt)
      this.later(message, this.stepMs, (doneAt) => {
        const carrier = CARRIER_FAILURES[splitChannel(message.to).address]
        if (carrier) this.transition(message, 'undelivered', doneAt, carrier)
        else this.transition(message, 'delivered', doneAt)
      })
    })
  }

  private lateFailure(message: StoredMessage, at: Date): TwilioFailure | undefined {
    const senders = message.messagingServiceSid ? (this.serviceOf(message)?.senders ?? []) : [message.from ?? '']
    if (this.deps.recipients.isOptedOut(message.to, senders)) return LATE_FAILURES.optedOut
    if (message.channel !== 'whatsapp') return undefined
    // Inside the 24-hour customer service window anything goes; outside it only approved templates do.
    if (this.deps.recipients.hasOpenSession(message.to, message.from ?? '', at)) return undefined
    if (!message.contentSid) return LATE_FAILURES.outsideSession
    const content = this.deps.account.contents.find((candidate) => candidate.sid === message.contentSid)
    // WhatsApp's error 2001 (template missing or not approved for the language) maps to Twilio's 63027.
    return content?.approval.status === 'approved' ? undefined : LATE_FAILURES.templateNotApproved
  }

  private transition(message: StoredMessage, status: MessageStatus, at: Date, failure?: TwilioFailure): void {
    message.status = status
    message.dateUpdated = at
    if (failure) {
      message.errorCode = failure[0]
      message.errorMessage = failure[1]
    }
    if (status === 'sent') {
      message.dateSent = at
      message.price = priceOf(message)
    }
    message.events.push({ status, at, errorCode: failure?.[0] ?? null, errorMessage: failure?.[1] ?? null })
    if (FINAL_STATUSES.includes(status)) this.logical.delete(message.sid)
    const url = message.statusCallback ?? this.serviceOf(message)?.statusCallback ?? null
    this.deps.callbacks.notify(message, url, status)
  }
}
