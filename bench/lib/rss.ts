// RSS growth over many events in one process (batches of 100 through actions-core, a transport that answers at
// once): whatever the destination keeps per event (duplicate-protection records, the phone-number cache) must stay
// bounded, so the growth flattens once those caches are full. Measured after a forced gc at each checkpoint.
import { Destination } from '@segment/actions-core'
import definition from '../../src/destinations/twilio-messaging'
import { clearMemoryDedup, memoryDedupSize } from '../../src/destinations/twilio-messaging/sendMessage/dedup'
import { events, mb, oursSettings, turnEventLoop } from './fixtures'
import { installInstantTransport } from './instant-transport'

export async function rssGrowth(total: number, checkpoints: number[]) {
  const gc = (globalThis as { gc?: () => void }).gc
  const destination = new Destination(definition)
  const destinationSettings = oursSettings()
  const uninstall = installInstantTransport()
  const sendBatches = async (n: number) => {
    for (let i = 0; i < n; i += 100) {
      await destination.onBatch(events(Math.min(100, n - i)), destinationSettings)
      destination.responses.length = 0
      await turnEventLoop()
    }
  }
  clearMemoryDedup()
  try {
    // Warm up code paths first, so the growth is what the events add.
    await sendBatches(1000)
    clearMemoryDedup()
    gc?.()
    const before = process.memoryUsage()
    let peak = before.rss
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50)
    const points: Array<{ events: number; rssGrowthMb: number; heapGrowthMb: number; dedupEntries: number }> = []
    let sent = 0
    const started = Date.now()
    for (const checkpoint of checkpoints.filter((value) => value <= total)) {
      await sendBatches(checkpoint - sent)
      sent = checkpoint
      gc?.()
      await new Promise((resolve) => setTimeout(resolve, 20))
      gc?.()
      const now = process.memoryUsage()
      points.push({
        events: checkpoint,
        rssGrowthMb: mb(now.rss - before.rss),
        heapGrowthMb: mb(now.heapUsed - before.heapUsed),
        dedupEntries: memoryDedupSize()
      })
    }
    clearInterval(sampler)
    return {
      events: total,
      seconds: (Date.now() - started) / 1000,
      gcExposed: Boolean(gc),
      rssBeforeMb: mb(before.rss),
      rssPeakMb: mb(peak),
      points,
      target: 'bounded: growth flattens once the caches are full'
    }
  } finally {
    uninstall()
    clearMemoryDedup()
  }
}
