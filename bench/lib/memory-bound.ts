// Everything the destination keeps in memory across invocations, each filled to its bound with worst-case entries,
// and the heap it then takes (after forced collections): the target is at most 16 MiB for the whole process. The
// caches and their bounds are the destination's own (sendMessage/state-store.ts, phone.ts, adaptive-concurrency.ts,
// e164-fast-path.ts, pairing.ts); this fills them through their public functions, not by reaching into them.
import { randomUUID } from 'node:crypto'
import {
  MEMORY_BYTES,
  memoryStore,
  memoryStoreStats,
  resetMemoryStore
} from '../../src/destinations/twilio-messaging/sendMessage/state-store'
import { dedupKey } from '../../src/destinations/twilio-messaging/sendMessage/dedup'
import { parseE164 } from '../../src/destinations/twilio-messaging/sendMessage/phone'
import {
  accountLimiter,
  clearAccountLimiters
} from '../../src/destinations/twilio-messaging/sendMessage/account-limiters'
import { fastE164 } from '../../src/destinations/twilio-messaging/sendMessage/e164-fast-path'
import { passesFrameworkValidation } from '../../src/destinations/twilio-messaging/sendMessage/pairing'
import { fields } from '../../src/destinations/twilio-messaging/sendMessage/fields'
import { mapping, event, mb } from './fixtures'

const TARGET_MIB = 16

function heapUsed(): number {
  const gc = (globalThis as { gc?: () => void }).gc
  if (!gc) throw new Error('run with node --expose-gc (npm run bench does)')
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

/** A long SMS: the key hashes the whole form, so only the SID and status make an entry longer. */
function longSms(i: number) {
  return {
    channel: 'SMS' as const,
    senderType: 'Phone number' as const,
    params: [
      ['To', `+1415${String(2000000 + i).padStart(7, '0')}`],
      ['From', '+14155550100'],
      ['Body', `Hi Ada, your order ${100000 + i} has shipped. `.repeat(30)]
    ] as Array<[string, string]>
  }
}

export async function memoryBound() {
  const steps: Array<{ cache: string; bound: string; entries: number; heapMib: number }> = []
  resetMemoryStore()
  clearAccountLimiters()
  const start = heapUsed()
  let last = start
  const step = (cache: string, bound: string, entries: number) => {
    const now = heapUsed()
    steps.push({ cache, bound, entries, heapMib: mb(now - last) })
    last = now
  }

  // Duplicate records and claims: twice as many as fit, so the cache is full and evicting.
  const account = 'AC' + '0123456789abcdef'.repeat(2)
  const capacity = Math.ceil(MEMORY_BYTES / 400)
  for (let i = 0; i < 2 * capacity; i++) {
    const key = dedupKey(account, randomUUID(), longSms(i)) as string
    const sid = `SM${randomUUID().replace(/-/g, '')}`
    if (i % 2) await memoryStore.set(key, { state: 'sent', sid, status: 'scheduled' })
    else await memoryStore.claim(sid, key)
  }
  step(
    'duplicate records and claims (state-store.ts)',
    `${MEMORY_BYTES / 1024 / 1024} MiB as counted, 1 h`,
    memoryStoreStats().entries
  )

  // Phone numbers not in E.164 (a Default Country): the only ones that enter the cache.
  for (let i = 0; i < 5000; i++)
    parseE164(`(415) ${String(200 + (i % 700)).padStart(3, '0')}-${String(i).padStart(4, '0')}`, 'US')
  step('national phone numbers read (phone.ts)', '1,000 entries', 1000)

  // One limiter per account: more accounts than the bound.
  for (let i = 0; i < 500; i++) accountLimiter(`AC${String(i).padStart(32, '0')}`, { initial: 50, ceiling: 250 })
  step('batch limiters per account (adaptive-concurrency.ts)', '100 accounts, 60 s idle', 100)

  // The E.164 fast path's rules, for every calling code there is.
  for (let code = 1; code < 1000; code++) fastE164(`+${code}5551234567`)
  step('E.164 rules per calling code (e164-fast-path.ts)', 'about 250 calling codes', 999)

  // The pairing schema, compiled once.
  passesFrameworkValidation(event(), mapping, fields)
  step('pairing schema (pairing.ts)', 'one', 1)

  const totalMib = mb(last - start)
  resetMemoryStore()
  clearAccountLimiters()
  return { steps, totalMib, targetMib: TARGET_MIB, met: totalMib <= TARGET_MIB }
}
