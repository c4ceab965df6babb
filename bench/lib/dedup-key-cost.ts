// The duplicate-protection cost of one send, apart from actions-core: `deliverOnce` (key, record lookup, the send,
// the record and the claim) with a request function that answers at once, against the same send without a messageId
// (no key, no record), and `dedupKey` alone. Messages are built once beforehand from the benchmark's SMS events. Rounds
// alternate the two sends; the figure is the median round with the middle half in brackets.
import { transform } from '@segment/actions-core'
import type { RequestClient } from '@segment/actions-core'
import type { Settings } from '../../src/destinations/twilio-messaging/generated-types'
import { buildMessageRequest } from '../../src/destinations/twilio-messaging/sendMessage/build-request'
import type { Payload } from '../../src/destinations/twilio-messaging/sendMessage/generated-types'
import {
  clearMemoryDedup,
  dedupKey,
  deliverOnce,
  delivery,
  eventMessage
} from '../../src/destinations/twilio-messaging/sendMessage/dedup'
import { DEFAULT_TUNING, Deadline } from '../../src/destinations/twilio-messaging/sendMessage/tuning'
import { event, mapping, settings } from './fixtures'
import { spread, type Spread } from './interleave'

const answered = { status: 201, data: { sid: 'SM00000000000000000000000000000000', status: 'queued' } }
const instantRequest = (async () => answered) as unknown as RequestClient

async function microsecondsPerCall(count: number, call: (i: number) => unknown): Promise<number> {
  const started = process.hrtime.bigint()
  for (let i = 0; i < count; i++) await call(i)
  return Number(process.hrtime.bigint() - started) / count / 1000
}

export async function dedupKeyCost(options: { rounds: number; messages: number }) {
  const events = Array.from({ length: options.messages }, () => event())
  const messages = events.map((e) =>
    buildMessageRequest(transform(mapping, e as never) as unknown as Payload, { event: e, mapping })
  )
  const account = settings as Settings
  const figures = { withKey: [] as number[], withoutKey: [] as number[], keyAlone: [] as number[] }
  for (let round = 0; round < options.rounds; round++) {
    clearMemoryDedup()
    const gc = (globalThis as { gc?: () => void }).gc
    gc?.()
    // One deadline for the round: making it is part of perform, not of duplicate protection.
    const d = delivery(instantRequest, account, new Deadline(DEFAULT_TUNING, 3_600_000))
    const withKey = () =>
      microsecondsPerCall(messages.length, (i) =>
        deliverOnce(d, eventMessage(account, events[i].messageId, messages[i]))
      )
    const withoutKey = () =>
      microsecondsPerCall(messages.length, (i) => deliverOnce(d, eventMessage(account, undefined, messages[i])))
    if (round % 2) {
      figures.withoutKey.push(await withoutKey())
      figures.withKey.push(await withKey())
    } else {
      figures.withKey.push(await withKey())
      figures.withoutKey.push(await withoutKey())
    }
    figures.keyAlone.push(
      await microsecondsPerCall(messages.length, (i) => dedupKey(account.accountSID, events[i].messageId, messages[i]))
    )
  }
  clearMemoryDedup()
  const result: Record<keyof typeof figures, Spread> = {
    withKey: spread(figures.withKey),
    withoutKey: spread(figures.withoutKey),
    keyAlone: spread(figures.keyAlone)
  }
  return { rounds: options.rounds, messages: options.messages, microseconds: result }
}
