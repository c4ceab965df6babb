// The emulator's mutable state: messages (an array in arrival order plus a Map by SID) and counters.
import { randomBytes } from 'node:crypto'
import type { AcceptedMessage } from './validate'

/** Twilio's Message statuses that the emulator uses (spec: message_enum_status). */
export type MessageStatus =
  | 'accepted'
  | 'scheduled'
  | 'canceled'
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'undelivered'
  | 'failed'
  | 'received'

/** Statuses a message never leaves. */
export const FINAL_STATUSES: readonly MessageStatus[] = ['canceled', 'delivered', 'undelivered', 'failed', 'received']

/** One step of a message's timeline. */
export interface StatusEvent {
  status: MessageStatus
  at: Date
  errorCode: number | null
  errorMessage: string | null
}

/** One attempt to deliver a status callback. */
export interface CallbackAttempt {
  status: MessageStatus
  url: string
  attempt: number
  at: Date
  ok: boolean
  /** The receiver's HTTP status, or null when it did not answer. */
  httpStatus: number | null
  error: string | null
}

export interface StoredMessage extends Omit<AcceptedMessage, 'status'> {
  sid: string
  accountSid: string
  direction: 'outbound-api' | 'inbound'
  status: MessageStatus
  dateCreated: Date
  dateUpdated: Date
  dateSent: Date | null
  errorCode: number | null
  errorMessage: string | null
  /** Negative decimal string in USD once sent, as Twilio writes it (`-0.00790`). */
  price: string | null
  /** Oldest first; the first event is the status the message was created with. */
  events: StatusEvent[]
  callbacks: CallbackAttempt[]
}

export interface EmulatorCounters {
  /** Requests that reached a Twilio route (admin routes excluded). */
  requests: number
  /** Messages create calls answered 201. */
  accepted: number
  /** Messages create calls answered with a validation error (4xx other than auth). */
  rejected: number
  /** Requests answered 401 (bad or missing credentials, or another account's path). */
  unauthorized: number
  /** Total faults injected (429 + 5xx + dropped; latency is not counted as a fault). */
  faultsInjected: number
  faults429: number
  faults5xx: number
  faultsDropped: number
  /** Requests that were delayed by the latency knob. */
  delayed: number
  /** Status callback requests answered 2xx / failed (each attempt counts). */
  callbacksDelivered: number
  callbacksFailed: number
}

const zeroCounters = (): EmulatorCounters => ({
  requests: 0,
  accepted: 0,
  rejected: 0,
  unauthorized: 0,
  faultsInjected: 0,
  faults429: 0,
  faults5xx: 0,
  faultsDropped: 0,
  delayed: 0,
  callbacksDelivered: 0,
  callbacksFailed: 0
})

export class EmulatorState {
  readonly messages: StoredMessage[] = []
  private readonly bySid = new Map<string, StoredMessage>()
  counters: EmulatorCounters = zeroCounters()

  addMessage(accountSid: string, accepted: AcceptedMessage, now: Date): StoredMessage {
    const prefix = accepted.mediaUrls.length > 0 ? 'MM' : 'SM'
    return this.store({
      ...accepted,
      sid: prefix + randomBytes(16).toString('hex'),
      accountSid,
      direction: 'outbound-api',
      dateCreated: now,
      dateUpdated: now,
      dateSent: null,
      errorCode: null,
      errorMessage: null,
      price: null,
      events: [{ status: accepted.status, at: now, errorCode: null, errorMessage: null }],
      callbacks: []
    })
  }

  /** An incoming message (a reply to one of the account's senders), as Twilio lists it: `received`, `inbound`. */
  addInbound(accountSid: string, message: Omit<AcceptedMessage, 'status'>, now: Date): StoredMessage {
    const prefix = message.mediaUrls.length > 0 ? 'MM' : 'SM'
    return this.store({
      ...message,
      sid: prefix + randomBytes(16).toString('hex'),
      accountSid,
      direction: 'inbound',
      status: 'received',
      dateCreated: now,
      dateUpdated: now,
      dateSent: now,
      errorCode: null,
      errorMessage: null,
      price: null,
      events: [{ status: 'received', at: now, errorCode: null, errorMessage: null }],
      callbacks: []
    })
  }

  private store(message: StoredMessage): StoredMessage {
    this.messages.push(message)
    this.bySid.set(message.sid, message)
    return message
  }

  getMessage(sid: string): StoredMessage | undefined {
    return this.bySid.get(sid)
  }

  /** Accepted messages, oldest first (read-only view). */
  get accepted(): readonly StoredMessage[] {
    return this.messages
  }

  reset(): void {
    this.messages.length = 0
    this.bySid.clear()
    this.counters = zeroCounters()
  }
}
