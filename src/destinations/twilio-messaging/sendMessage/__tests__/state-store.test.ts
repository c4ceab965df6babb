import type { StateContext } from '@segment/actions-core'
import {
  DEDUP_CACHE_MB_ENV,
  clearMemoryStore,
  dedupStore,
  entrySize,
  memoryStore,
  memoryStoreStats,
  resetMemoryStore
} from '../state-store'
import { SegmentStatePlatform } from './__helpers__/segment-state-context'

afterEach(() => {
  delete process.env[DEDUP_CACHE_MB_ENV]
  resetMemoryStore()
})

describe('the process cache is bounded by memory', () => {
  it('keeps its estimated size under the budget, evicting the least recently used', async () => {
    process.env[DEDUP_CACHE_MB_ENV] = '0.01' // 10,486 bytes
    resetMemoryStore()
    const key = (i: number) => `twilio-messaging:sent:${JSON.stringify(['AC1', `m${i}`, [['Body', 'x'.repeat(100)]]])}`
    for (let i = 0; i < 200; i++) await memoryStore.set(key(i), { state: 'sent', sid: `SM${i}`, status: 'queued' })
    const stats = memoryStoreStats()
    expect(stats.maxBytes).toBe(10_486)
    expect(stats.bytes).toBeLessThanOrEqual(stats.maxBytes)
    expect(stats.entries).toBe(
      Math.floor(10_486 / entrySize(key(150), { state: 'sent', sid: 'SM150', status: 'queued' }))
    )
    expect(await memoryStore.get(key(199))).toBeDefined()
    expect(await memoryStore.get(key(0))).toBeUndefined()
  })

  it('defaults to 64 MiB', () => {
    expect(memoryStoreStats().maxBytes).toBe(64 * 1024 * 1024)
  })
})

describe('dedupStore with a stateContext', () => {
  it('writes both stores and reads the process cache first, then stateContext', async () => {
    const platform = new SegmentStatePlatform()
    const invocation = platform.invocation()
    await dedupStore(invocation.stateContext).set('k', { state: 'sent', sid: 'SM1', status: 'queued' })
    expect(invocation.pending.get('k')?.value).toBe(JSON.stringify({ state: 'sent', sid: 'SM1', status: 'queued' }))
    expect(await memoryStore.get('k')).toEqual({ state: 'sent', sid: 'SM1', status: 'queued' })
    invocation.deliver()
    clearMemoryStore()
    const next = platform.invocation()
    expect(await dedupStore(next.stateContext).get('k')).toEqual({ state: 'sent', sid: 'SM1', status: 'queued' })
    expect(await memoryStore.get('k')).toBeDefined() // warmed from stateContext
  })

  it('a failing stateContext read does not hide the process cache', async () => {
    const broken = {
      getRequestContext: () => Promise.reject(new Error('down')),
      setResponseContext: () => undefined
    } as unknown as StateContext
    await memoryStore.set('u', { state: 'uncertain', at: 1 })
    expect(await dedupStore(broken).get('u')).toEqual({ state: 'uncertain', at: 1 })
  })
})
