// Batches against one perform at a time, at 50 ms of latency (issue 6's speedup), and the throughput chart against
// the concurrency ceiling. The emulator runs in its own process, as Twilio would.
import { Destination } from '@segment/actions-core'
import definition, { createTwilioMessaging } from '../../src/destinations/twilio-messaging'
import { targetTwilio } from '../../src/twilio-target'
import { clearAccountLimiters } from '../../src/destinations/twilio-messaging/sendMessage/account-limiters'
import { clearMemoryDedup } from '../../src/destinations/twilio-messaging/sendMessage/dedup'
import { event, events, oursSettings, round1 } from './fixtures'
import { startEmulatorProcess } from './emulator-process'

/** `batchEvents` in batches of 100 against `sequentialEvents` one perform at a time; rates compared. */
export async function batchVsSequential(batchEvents: number, sequentialEvents: number) {
  const emulator = await startEmulatorProcess(['--latency', '50'])
  try {
    {
      const destination = new Destination(targetTwilio(definition, emulator.url))
      const destinationSettings = oursSettings()
      clearMemoryDedup()
      clearAccountLimiters()
      let started = Date.now()
      let delivered = 0
      for (let start = 0; start < batchEvents; start += 100) {
        const results = (await destination.onBatch(
          events(Math.min(100, batchEvents - start)),
          destinationSettings
        )) as Array<{
          multistatus?: Array<{ status: number }>
        }>
        destination.responses.length = 0
        delivered += results[0]?.multistatus?.filter((r) => r.status === 201).length ?? 0
      }
      const batchSeconds = (Date.now() - started) / 1000
      started = Date.now()
      let sequentialDelivered = 0
      for (let i = 0; i < sequentialEvents; i++) {
        const results = await destination.onEvent(event(), destinationSettings)
        destination.responses.length = 0
        if (!JSON.stringify(results).includes('"error"')) sequentialDelivered++
      }
      const sequentialSeconds = (Date.now() - started) / 1000
      const batchRate = batchEvents / batchSeconds
      const sequentialRate = sequentialEvents / sequentialSeconds
      return {
        latencyMs: 50,
        batchSize: 100,
        batch: { events: batchEvents, seconds: batchSeconds, eventsPerSecond: Math.round(batchRate), delivered },
        sequential: {
          events: sequentialEvents,
          seconds: sequentialSeconds,
          eventsPerSecond: round1(sequentialRate),
          delivered: sequentialDelivered
        },
        emulatorAccepted: (await emulator.counters()).accepted,
        speedup: round1(batchRate / sequentialRate),
        target: '>= 25x'
      }
    }
  } finally {
    await emulator.close()
  }
}

/** One batch per ceiling at 50 ms (no account limit): the limiter starts at min(50, ceiling) and grows to it. */
export async function throughputByCeiling(levels: number[]) {
  const emulator = await startEmulatorProcess(['--latency', '50'])
  const points: Array<{ concurrency: number; events: number; eventsPerSecond: number }> = []
  try {
    for (const concurrency of levels) {
      {
        clearAccountLimiters()
        const ceiling = createTwilioMessaging({ concurrencyCeiling: concurrency })
        const destination = new Destination(targetTwilio(ceiling, emulator.url))
        const size = Math.min(1000, Math.max(40, concurrency * 8))
        const started = Date.now()
        await destination.onBatch(events(size), oursSettings())
        destination.responses.length = 0
        points.push({ concurrency, events: size, eventsPerSecond: Math.round(size / ((Date.now() - started) / 1000)) })
      }
    }
  } finally {
    clearAccountLimiters()
    await emulator.close()
  }
  return points
}
