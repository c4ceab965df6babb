import type { StateContext } from '@segment/actions-core'
import {
  MEMORY_BYTES,
  clearMemoryStore,
  dedupStore,
  entrySize,
  memoryStore,
  memoryStoreStats,
  resetMemoryStore
} from '../state-store'
import { SegmentStatePlatform } from './__helpers__/segment-state-context'

afterEach(() => resetMemoryStore())

describe('the process cache is small and bounded', () => {
  it('keeps its estimated size under 8 MiB, evicting the least recently used', async () => {
    expect(memoryStoreStats().maxBytes).toBe(8 * 1024 * 1024)
    const key = (i: number) => `twilio-messaging:sent:${String(i).padStart(32, '0')}`
    const entry = (i: number) => ({ state: 'sent' as const, sid: `SM${String(i).padStart(32, '0')}`, status: 'queued' })
    const fits = Math.floor(MEMORY_BYTES / entrySize(key(0), entry(0)))
    for (let i = 0; i < fits + 100; i++) await memoryStore.set(key(i), entry(i))
    const stats = memoryStoreStats()
    expect(stats.bytes).toBeLessThanOrEqual(stats.maxBytes)
    expect(stats.entries).toBe(fits)
    expect(await memoryStore.get(key(fits + 99))).toBeDefined()
    expect(await memoryStore.get(key(0))).toBeUndefined()
  })
})

describe('claims', () => {
  it('a message taken by one event is not taken by another, unless Twilio named it for that one', async () => {
    expect(await memoryStore.claim('SM1', 'a')).toBe(true)
    expect(await memoryStore.claim('SM1', 'a')).toBe(true)
    expect(await memoryStore.claim('SM1', 'b')).toBe(false)
    expect(await memoryStore.claimedBy('SM1')).toBe('a')
    expect(await memoryStore.claim('SM1', 'b', true)).toBe(true)
    expect(await memoryStore.claimedBy('SM1')).toBe('b')
  })

  it('travel through stateContext to later invocations', async () => {
    const platform = new SegmentStatePlatform()
    const invocation = platform.invocation()
    const owner = 'twilio-messaging:sent:abc'
    expect(await dedupStore(invocation.stateContext).claim('SM2', owner)).toBe(true)
    invocation.deliver()
    clearMemoryStore()
    expect(await dedupStore(platform.invocation().stateContext).claimedBy('SM2')).toBe(owner)
  })
})

describe('dedupStore with a stateContext', () => {
  it('writes both stores and reads the process cache first, then stateContext', async () => {
    const platform = new SegmentStatePlatform()
    const invocation = platform.invocation()
    await dedupStore(invocation.stateContext).set('k', { state: 'sent', sid: 'SM1', status: 'queued' })
    expect(invocation.pending.get('k')?.value).toBe(JSON.stringify({ state: 'sent', sid: 'SM1', status: 'queued' }))
    expect(invocation.pending.get('k')?.ttlMs).toBe(24 * 3600 * 1000)
    expect(await memoryStore.get('k')).toEqual({ state: 'sent', sid: 'SM1', status: 'queued' })
    invocation.deliver()
    clearMemoryStore()
    const next = platform.invocation()
    expect(await dedupStore(next.stateContext).get('k')).toEqual({ state: 'sent', sid: 'SM1', status: 'queued' })
    expect(await memoryStore.get('k')).toBeDefined() // warmed from stateContext
  })

  it('a failing stateContext does not hide the process cache, nor stop a claim', async () => {
    const broken = {
      getRequestContext: () => Promise.reject(new Error('down')),
      setResponseContext: () => {
        throw new Error('down')
      }
    } as unknown as StateContext
    await memoryStore.set('u', { state: 'uncertain', at: 1 })
    expect(await dedupStore(broken).get('u')).toEqual({ state: 'uncertain', at: 1 })
    expect(await dedupStore(broken).claim('SM3', 'x')).toBe(true)
    expect(await dedupStore(broken).claimedBy('SM3')).toBe('x')
  })
})
