// npm run bench — CPU per event (JavaScript thread and all threads, against the one-field floor, with before/after
// variants of each per-event change, interleaved), the batch table against an account limit of N requests in flight
// (N = 50, 100, 150 at 50 ms and 200 ms, cold and warm), the multi-worker table (2 and 4 processes, one account),
// batches against one perform at a time, RSS growth over 100,000 events, the From Phone Number lookup and the
// throughput chart. Prints tables, writes bench/results.json (git-ignored) and docs/throughput.svg.
// BENCH_QUICK=1 shrinks every size (for development on a shared machine);
// BENCH_ONLY=cpu,key,batch,multi,rss,memory,lookup,chart,seq runs only the sections named.
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_TUNING } from '../src/destinations/twilio-messaging/sendMessage/tuning'
import { batchTable, type BatchCase } from './lib/batch-table'
import { printBatchTable, printMultiTable, printTable } from './lib/limit-report'
import { multiWorkerTable, type MultiCase } from './lib/multi-worker'
import { renderThroughputSvg } from './lib/chart'
import { cpuCost } from './lib/cpu-cost'
import { dedupKeyCost } from './lib/dedup-key-cost'
import { formatSpread } from './lib/interleave'
import { lookup } from './lib/lookup'
import { phoneVariants } from './lib/phone-variants'
import { rssGrowth } from './lib/rss'
import { memoryBound } from './lib/memory-bound'
import { batchVsSequential, throughputByCeiling } from './lib/sequential'

const QUICK = process.env.BENCH_QUICK === '1'
const ONLY = new Set((process.env.BENCH_ONLY ?? '').split(',').filter(Boolean))
const wanted = (section: string) => ONLY.size === 0 || ONLY.has(section)

/** Issue 20's cases, and a reference row without a limit at each latency (what the machine itself allows). */
const BATCH_CASES: BatchCase[] = [50, 200].flatMap((latencyMs) =>
  [50, 100, 150, 0].map((limit) => ({ latencyMs, limit }))
)

const MULTI_CASES: MultiCase[] = [
  ...[2, 4].flatMap((workers) => [200, 50].map((latencyMs) => ({ workers, latencyMs, limit: 100 }))),
  // What the limiter does where Twilio's answers do not carry Twilio-Concurrent-Requests.
  ...[2, 4].map((workers) => ({ workers, latencyMs: 200, limit: 100, withoutCountHeader: true }))
]

async function main() {
  const started = Date.now()
  const results: Record<string, unknown> = { quick: QUICK, node: process.version, cpus: cpus().length }
  console.log(`Benchmarks${QUICK ? ' (quick)' : ''}: batch concurrency ceiling ${DEFAULT_TUNING.concurrencyCeiling}`)

  // First, while the process is small: RSS is what the events add, not what earlier sections left.
  if (wanted('rss')) {
    const total = QUICK ? 20_000 : 100_000
    const rss = await rssGrowth(total, QUICK ? [5000, 10_000, 20_000] : [10_000, 25_000, 50_000, 75_000, 100_000])
    results.rss = rss
    printTable(
      ['events', 'RSS growth MB', 'heap growth MB', 'duplicate-protection entries'],
      rss.points.map((p) => [String(p.events), String(p.rssGrowthMb), String(p.heapGrowthMb), String(p.dedupEntries)])
    )
    console.log(`RSS before ${rss.rssBeforeMb} MB, peak ${rss.rssPeakMb} MB, ${rss.seconds} s`)
  }

  if (wanted('memory')) {
    const memory = await memoryBound()
    results.memory = memory
    printTable(
      ['kept across invocations, filled to its bound', 'bound', 'entries', 'heap MiB'],
      [
        ...memory.steps.map((s) => [s.cache, s.bound, String(s.entries), String(s.heapMib)]),
        [
          '**all of it**',
          `target ${memory.targetMib} MiB`,
          '',
          `**${memory.totalMib}** (${memory.met ? 'met' : 'not met'})`
        ]
      ]
    )
  }

  if (wanted('cpu')) {
    const cpu = await cpuCost({
      rounds: QUICK ? 6 : 16,
      events: QUICK ? 500 : 2000,
      extraVariants: phoneVariants()
    })
    results.cpu = cpu
    printTable(
      ['CPU per event (µs), median (middle half of rounds)', 'JavaScript thread', 'all threads', 'events/s'],
      Object.entries(cpu.variants).map(([name, v]) => [
        name,
        formatSpread(v.js),
        formatSpread(v.all),
        formatSpread(v.eventsPerSecond, 0)
      ])
    )
    printTable(
      ['ours / floor', 'JavaScript thread', 'all threads', 'target'],
      [
        [
          `per round, ${cpu.rounds} rounds of ${cpu.eventsPerSegment} events`,
          formatSpread(cpu.ratio.js, 2),
          formatSpread(cpu.ratio.all, 2),
          `${cpu.target}: ${cpu.ratio.js.median <= 1.3 ? 'met' : 'not met'}`
        ],
        ['of the totals over all rounds', String(cpu.ratio.jsOfTotals), String(cpu.ratio.allOfTotals), ''],
        [
          'reference (our fields and mapping, floor perform) / floor',
          formatSpread(cpu.ratio.referenceJs, 2),
          formatSpread(cpu.ratio.referenceAll, 2),
          'what actions-core alone costs for this action'
        ]
      ]
    )
    printTable(
      ['change (before minus after, per event)', 'JavaScript thread µs', 'all threads µs', 'share of before (JS)'],
      cpu.savings.map((s) => [s.change, formatSpread(s.jsUs), formatSpread(s.allUs), `${s.jsShareOfBefore}%`])
    )
    const forced = cpu.forcedGc
    const sideBySide = (name: string) => {
      const free = cpu.variants[name]
      const gc = forced.variants[name]
      return [name, formatSpread(free.js), formatSpread(gc.js), formatSpread(free.all), formatSpread(gc.all)]
    }
    printTable(
      [
        'µs per event',
        'JS thread, no forced GC',
        'JS thread, GC forced',
        'all threads, no forced GC',
        'all, GC forced'
      ],
      [
        ...Object.keys(forced.variants).map(sideBySide),
        [
          'ours / floor',
          formatSpread(cpu.ratio.js, 2),
          formatSpread(forced.ratio.js, 2),
          formatSpread(cpu.ratio.all, 2),
          formatSpread(forced.ratio.all, 2)
        ],
        [
          'reference / floor',
          formatSpread(cpu.ratio.referenceJs, 2),
          formatSpread(forced.ratio.referenceJs, 2),
          formatSpread(cpu.ratio.referenceAll, 2),
          formatSpread(forced.ratio.referenceAll, 2)
        ]
      ]
    )
    console.log(
      `CPU from ${cpu.cpuSource}; responses' bodies arrive as streams, as node-fetch's do; the tables above have ` +
        `no forced GC (as production); the last compares twins with a GC forced before each segment` +
        `${cpu.gcAvailable ? '' : ' (no gc(): run with --expose-gc, as npm run bench does)'}.`
    )
  }

  if (wanted('key')) {
    const key = await dedupKeyCost({ rounds: QUICK ? 4 : 8, messages: QUICK ? 10_000 : 50_000 })
    results.dedupKey = key
    printTable(
      [`duplicate protection per send (µs), ${key.rounds} rounds of ${key.messages} messages`, 'median (middle half)'],
      [
        ['sendOnce with a messageId (key, lookup, send, record)', formatSpread(key.microseconds.withKey)],
        ['sendOnce without a messageId (the send alone)', formatSpread(key.microseconds.withoutKey)],
        ['dedupKey alone', formatSpread(key.microseconds.keyAlone)]
      ]
    )
  }

  if (wanted('batch')) {
    const rounds = QUICK ? 1 : 3
    const table = await batchTable(QUICK ? BATCH_CASES.filter((c) => c.limit === 50) : BATCH_CASES, {
      size: 1000,
      rounds,
      warmBatches: 2,
      warmup: QUICK ? 1 : 3
    })
    results.batchTable = table
    printBatchTable(table, rounds)
  }

  if (wanted('multi')) {
    const options = { rounds: QUICK ? 1 : 2, events: QUICK ? 2000 : 8000, size: 1000 }
    const table = await multiWorkerTable(QUICK ? MULTI_CASES.slice(0, 1) : MULTI_CASES, options)
    results.multiWorker = table
    printMultiTable(table, options)
  }

  if (wanted('seq')) {
    const latency = await batchVsSequential(1000, QUICK ? 60 : 200)
    results.batchVsSequential = latency
    printTable(
      ['batches of 100 vs one perform at a time, 50 ms', 'result', 'target'],
      [
        [
          `${latency.batch.events} batched / ${latency.sequential.events} sequential events`,
          `${latency.batch.eventsPerSecond} vs ${latency.sequential.eventsPerSecond} ev/s: ${latency.speedup}x`,
          `${latency.target}: ${latency.speedup >= 25 ? 'met' : 'not met'}`
        ]
      ]
    )
  }

  if (wanted('lookup')) {
    const look = await lookup()
    results.lookup = look
    console.log(
      `\nLookup over ${look.numbersInAccount} numbers: ${look.requests} requests, ${look.ms} ms, ${look.choices} choices`
    )
  }

  let chart: Awaited<ReturnType<typeof throughputByCeiling>> | undefined
  if (wanted('chart')) {
    chart = await throughputByCeiling(QUICK ? [1, 10, 50] : [1, 5, 10, 25, 50, 100, 200])
    results.throughputByConcurrency = chart
    printTable(
      ['ceiling', 'events', 'events/s'],
      chart.map((p) => [String(p.concurrency), String(p.events), String(p.eventsPerSecond)])
    )
  }

  results.seconds = (Date.now() - started) / 1000
  writeFileSync(join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n')
  if (chart && !QUICK) {
    const docs = join(__dirname, '..', 'docs')
    mkdirSync(docs, { recursive: true })
    writeFileSync(join(docs, 'throughput.svg'), renderThroughputSvg(chart, DEFAULT_TUNING.concurrencyCeiling))
  }
  console.log(`\nWrote bench/results.json${chart && !QUICK ? ' and docs/throughput.svg' : ''} in ${results.seconds} s`)
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
