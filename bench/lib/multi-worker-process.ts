// One worker of the multi-worker run (multi-worker.ts): a Node process of its own, with its own limiter, as one of
// Segment's workers sending batches for an account others send for too. It warms up on a transport that answers at
// once (no request reaches the emulator), says `ready`, waits for `go` on stdin, then sends its batches one after
// another to the emulator and writes one JSON line: when each of its messages was answered 201, how many 429s it
// was told, and every event's final status.
import { createInterface } from 'node:readline'
import { Destination } from '@segment/actions-core'
import type { DestinationDefinition, JSONObject, SegmentEvent } from '@segment/actions-core'
import { createTwilioMessaging } from '../../src/destinations/twilio-messaging'
import { targetTwilio } from '../../src/twilio-target'
import {
  accountLimiterState,
  clearAccountLimiters
} from '../../src/destinations/twilio-messaging/sendMessage/account-limiters'
import { clearMemoryDedup } from '../../src/destinations/twilio-messaging/sendMessage/dedup'
import { events, oursSettings, settings as accountSettings } from './fixtures'
import { installInstantTransport } from './instant-transport'

export interface WorkerConfig {
  id: number
  url: string
  batches: number
  size: number
}

export interface WorkerReport {
  id: number
  /** Wall-clock ms (shared by every process of the machine). */
  startedAt: number
  finishedAt: number
  /** When each 201 to a Create Message call arrived. */
  answered: number[]
  /** 429s this worker was told (each a refused request). */
  refused: number
  /** Final status of every event, batch after batch, and how many of each. */
  statuses: Record<string, number>
  /** The limiter's limit every 100 ms. */
  limits: number[]
}

/** An event only this worker sends: its own recipient and text, so the emulator can tell every message apart. */
function workerEvent(id: number, n: number): SegmentEvent {
  return {
    type: 'track',
    event: 'Order Shipped',
    messageId: `multi-${id}-${n}`,
    timestamp: new Date().toISOString(),
    properties: {
      phone: `+1415${String(2000000 + id * 1000000 + (n % 1000000)).padStart(7, '0')}`,
      first_name: 'Ada',
      order_id: `W${id}-${n}`
    }
  } as SegmentEvent
}

const now = () => performance.timeOrigin + performance.now()

async function main() {
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]()
  const config = JSON.parse((await lines.next()).value as string) as WorkerConfig
  const definition = targetTwilio(createTwilioMessaging(), config.url) as DestinationDefinition<never>
  const destination = new Destination(definition)
  const settings = oursSettings() as JSONObject

  // Warm-up, off the network: the code paths optimised before the measured batches, as in a long-lived worker.
  const uninstall = installInstantTransport()
  for (let i = 0; i < 3; i++) await destination.onBatch(events(config.size), settings)
  uninstall()
  destination.responses.length = 0
  clearAccountLimiters()
  clearMemoryDedup()

  const report: WorkerReport = {
    id: config.id,
    startedAt: 0,
    finishedAt: 0,
    answered: [],
    refused: 0,
    statuses: {},
    limits: []
  }
  destination.actions.sendMessage.on('response', (response: { status: number; request: { method: string } }) => {
    if (response.request.method !== 'POST') return
    if (response.status === 201) report.answered.push(now())
    else if (response.status === 429) report.refused++
  })
  process.stdout.write('ready\n')
  await lines.next() // go
  report.startedAt = now()
  const sampler = setInterval(
    () => report.limits.push(accountLimiterState(accountSettings.accountSID)?.limit ?? 0),
    100
  )
  let n = 0
  for (let b = 0; b < config.batches; b++) {
    const batch = Array.from({ length: config.size }, () => workerEvent(config.id, n++))
    const results = (await destination.onBatch(batch, settings)) as Array<{ multistatus?: Array<{ status: number }> }>
    destination.responses.length = 0
    for (const entry of results[0]?.multistatus ?? []) {
      report.statuses[entry.status] = (report.statuses[entry.status] ?? 0) + 1
    }
  }
  report.finishedAt = now()
  clearInterval(sampler)
  process.stdout.write(`${JSON.stringify(report)}\n`)
  process.exit(0)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
