// How much memory the duplicate-protection cache really takes per recorded send, against the estimate it is sized
// by (state-store.ts). Run: node --expose-gc -r ts-node/register/transpile-only bench/dedup-memory.ts
// DEDUP_BENCH_ENTRIES sets how many typical SMS records are stored (default 100,000).
import { randomUUID } from 'node:crypto'
import { dedupKey } from '../src/destinations/twilio-messaging/sendMessage/dedup'
import {
  entrySize,
  memoryStore,
  memoryStoreStats,
  resetMemoryStore
} from '../src/destinations/twilio-messaging/sendMessage/state-store'

const ACCOUNT = 'AC' + '0123456789abcdef'.repeat(2)

function typicalSms(i: number) {
  return {
    channel: 'SMS' as const,
    senderType: 'Phone number' as const,
    params: [
      ['To', `+1415${String(2000000 + i).padStart(7, '0')}`],
      ['From', '+14155550100'],
      ['Body', `Hi Ada, your order ${100000 + i} has shipped and arrives on Tuesday.`]
    ] as Array<[string, string]>
  }
}

function heapUsed(): number {
  const gc = (global as { gc?: () => void }).gc
  if (!gc) throw new Error('run with node --expose-gc')
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

async function main() {
  const count = Number(process.env.DEDUP_BENCH_ENTRIES ?? 100_000)
  process.env.TWILIO_MESSAGING_DEDUP_CACHE_MB = '4096' // no eviction while measuring
  resetMemoryStore()
  const keys = Array.from({ length: count }, (_, i) => dedupKey(ACCOUNT, randomUUID(), typicalSms(i)) as string)
  const before = heapUsed()
  for (let i = 0; i < count; i++) {
    await memoryStore.set(keys[i], { state: 'sent', sid: `SM${String(i).padStart(32, '0')}`, status: 'queued' })
  }
  const after = heapUsed()
  // The keys were allocated before the baseline, so the measured bytes are the cache's own plus the values.
  const keyBytes = keys.reduce((sum, key) => sum + key.length, 0)
  const measuredPerEntry = (after - before + keyBytes) / count
  const stats = memoryStoreStats()
  const estimatedPerEntry = stats.bytes / count
  const defaultBudget = 64 * 1024 * 1024
  const fits = Math.floor(defaultBudget / estimatedPerEntry)
  const report = {
    entries: count,
    keyCharsPerEntry: Math.round(keyBytes / count),
    measuredBytesPerEntry: Math.round(measuredPerEntry),
    estimatedBytesPerEntry: Math.round(estimatedPerEntry),
    estimateCoversMeasured: estimatedPerEntry >= measuredPerEntry,
    entriesIn64MiB: fits,
    secondsOfTrafficAt3147PerSecond: Math.round(fits / 3147),
    example: entrySize(keys[0], { state: 'sent', sid: 'SM' + '0'.repeat(32), status: 'queued' })
  }
  console.log(JSON.stringify(report, null, 2))
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
