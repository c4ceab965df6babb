// The emulator's mutable state: accepted messages (an array in arrival order plus a Map by SID) and counters.
import { randomBytes } from 'node:crypto'
import type { AcceptedMessage } from './validate'

export interface StoredMessage extends AcceptedMessage {
  sid: string
  accountSid: string
  dateCreated: Date
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
  /** Of faults429: requests refused because the account's concurrency limit was reached. */
  overConcurrencyLimit: number
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
  overConcurrencyLimit: 0
})

export class EmulatorState {
  readonly messages: StoredMessage[] = []
  private readonly bySid = new Map<string, StoredMessage>()
  counters: EmulatorCounters = zeroCounters()

  addMessage(accountSid: string, accepted: AcceptedMessage, now: Date): StoredMessage {
    const prefix = accepted.mediaUrls.length > 0 ? 'MM' : 'SM'
    const message: StoredMessage = {
      ...accepted,
      sid: prefix + randomBytes(16).toString('hex'),
      accountSid,
      dateCreated: now
    }
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
