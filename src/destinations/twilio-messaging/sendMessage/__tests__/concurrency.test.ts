import { createLimiter } from '../concurrency'

const tick = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('createLimiter', () => {
  it('never runs more than the limit at once, and starts tasks in the order given', async () => {
    const limit = createLimiter(3)
    let running = 0
    let peak = 0
    const started: number[] = []
    const release: Array<() => void> = []
    const results = Array.from({ length: 10 }, (_, index) =>
      limit(async () => {
        started.push(index)
        running++
        peak = Math.max(peak, running)
        await new Promise<void>((resolve) => release.push(resolve))
        running--
        return index * 2
      })
    )
    await tick()
    expect(started).toEqual([0, 1, 2])
    while (release.length > 0) {
      release.shift()?.()
      await tick()
    }
    expect(await Promise.all(results)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18])
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(peak).toBe(3)
  })

  it('frees the slot of a task that rejects or throws, and passes the failure to its caller', async () => {
    const limit = createLimiter(1)
    const rejected = limit(async () => {
      throw new Error('rejected')
    })
    const thrown = limit(() => {
      throw new Error('thrown synchronously')
    })
    const after = limit(async () => 'still runs')
    await expect(rejected).rejects.toThrow('rejected')
    await expect(thrown).rejects.toThrow('thrown synchronously')
    await expect(after).resolves.toBe('still runs')
  })

  it.each([0, -1, 1.5, Number.NaN])('refuses a limit of %p', (max) => {
    expect(() => createLimiter(max)).toThrow(/Concurrency must be a whole number of at least 1/)
  })
})
