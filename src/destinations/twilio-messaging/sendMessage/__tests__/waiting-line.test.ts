// The limiter's first-in-first-out line, across the compaction of taken slots.
import { WaitingLine } from '../waiting-line'

describe('WaitingLine', () => {
  it('gives items back in the order they came, across compactions, and undefined when empty', () => {
    const line = new WaitingLine<number>()
    expect(line.shift()).toBeUndefined()
    const out: number[] = []
    // Pushes and takes interleaved, so the line is compacted many times with items still in it.
    for (let i = 0; i < 10_000; i++) {
      line.push(i)
      if (i % 3 !== 0) out.push(line.shift() as number)
    }
    expect(line.length).toBe(10_000 - out.length)
    while (line.length > 0) out.push(line.shift() as number)
    expect(out).toEqual(Array.from({ length: 10_000 }, (_, i) => i))
    expect(line.shift()).toBeUndefined()
    expect(line.length).toBe(0)
  })
})
