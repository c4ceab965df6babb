// Interleaved rounds: every variant runs once per round, the order rotating from round to round, so that whatever
// else the shared machine does at a given moment lands on all variants alike. Each round's figure is kept, and a
// comparison is made round by round (a/b in the same round) before taking the median; the spread is min..max.
import { cpuSample, cpuSince } from './thread-cpu'

export interface Variant {
  name: string
  /** Runs `events` events one after another. */
  run(events: number): Promise<void>
}

export interface RoundFigures {
  /** CPU microseconds per event, JavaScript thread. */
  js: number[]
  /** CPU microseconds per event, all threads. */
  all: number[]
  /** Events per second of wall time. */
  rate: number[]
}

export interface InterleaveOptions {
  rounds: number
  events: number
  warmupEvents: number
  /** Called before every measured segment, outside the measurement (e.g. gc, clearing caches). */
  beforeSegment?: (variant: Variant) => void
}

export async function runInterleaved(
  variants: Variant[],
  options: InterleaveOptions
): Promise<Record<string, RoundFigures>> {
  const figures: Record<string, RoundFigures> = {}
  for (const variant of variants) {
    figures[variant.name] = { js: [], all: [], rate: [] }
    await variant.run(options.warmupEvents)
  }
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < variants.length; k++) {
      const variant = variants[(round + k) % variants.length]
      options.beforeSegment?.(variant)
      const wall = process.hrtime.bigint()
      const start = cpuSample()
      await variant.run(options.events)
      const used = cpuSince(start)
      const seconds = Number(process.hrtime.bigint() - wall) / 1e9
      const figure = figures[variant.name]
      figure.js.push(used.jsUs / options.events)
      figure.all.push(used.allUs / options.events)
      figure.rate.push(options.events / seconds)
    }
  }
  return figures
}

export interface Spread {
  median: number
  /** Interquartile range: the middle half of the rounds. */
  p25: number
  p75: number
  min: number
  max: number
}

export function spread(values: number[]): Spread {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b)
  if (sorted.length === 0)
    return { median: Number.NaN, p25: Number.NaN, p75: Number.NaN, min: Number.NaN, max: Number.NaN }
  const at = (q: number) => {
    const position = (sorted.length - 1) * q
    const low = Math.floor(position)
    return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (position - low)
  }
  return { median: at(0.5), p25: at(0.25), p75: at(0.75), min: sorted[0], max: sorted[sorted.length - 1] }
}

/** a[i] / b[i], round by round. */
export const ratios = (a: number[], b: number[]) => a.map((value, i) => value / b[i])

/** a[i] - b[i], round by round. */
export const differences = (a: number[], b: number[]) => a.map((value, i) => value - b[i])

/** `median (p25..p75)`: the median round and the middle half of the rounds. */
export function formatSpread(value: Spread, digits = 1, unit = ''): string {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a')
  return `${f(value.median)}${unit} (${f(value.p25)}..${f(value.p75)})`
}

/** Sum of a over sum of b: every round's CPU counted, so the tick rounding of single rounds averages out. */
export const totalRatio = (a: number[], b: number[]) => a.reduce((x, y) => x + y, 0) / b.reduce((x, y) => x + y, 0)
