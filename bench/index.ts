// npm run bench — CPU per event (JavaScript thread and all threads, against the one-field floor, with before/after
// variants of each per-event change, interleaved), the batch table (50 ms and 200 ms, with and without an account
// concurrency limit, fixed 50 against adaptive), batches against one perform at a time, RSS growth over 100,000
// events, the From Phone Number lookup and the throughput chart. Prints tables, writes bench/results.json
// (git-ignored) and docs/throughput.svg.
// BENCH_QUICK=1 shrinks every size (for development on a shared machine); BENCH_ONLY=cpu,key,batch,rss,memory,lookup,chart,seq
// runs only the sections named.
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_TUNING } from '../src/destinations/twilio-messaging/sendMessage/tuning'
import { batchTable, type BatchCase } from './lib/batch-table'
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

const BATCH_CASES: BatchCase[] = [
  { latencyMs: 50, limit: 0 },
  { latencyMs: 200, limit: 0 },
  { latencyMs: 50, limit: 100 },
  { latencyMs: 200, limit: 100 },
  { latencyMs: 200, limit: 150 }
]

function printTable(header: string[], rows: string[][]) {
  console.log(`\n| ${header.join(' | ')} |\n| ${header.map(() => '---').join(' | ')} |`)
  for (const row of rows) console.log(`| ${row.join(' | ')} |`)
}

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
    console.log(`CPU from ${cpu.cpuSource}`)
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
    const table = await batchTable(QUICK ? BATCH_CASES.slice(0, 2) : BATCH_CASES, {
      size: QUICK ? 300 : 1000,
      rounds: QUICK ? 1 : 2
    })
    results.batchTable = table
    const runs = (list: Array<{ refused429: number; peakInFlight: number; delivered: number }>) =>
      list.map((run) => `${run.delivered}/${run.refused429}/${run.peakInFlight}`).join(', ')
    printTable(
      [
        'latency',
        'account limit',
        'mode',
        'cold ev/s',
        'warm ev/s',
        'cold delivered/429/peak',
        'warm delivered/429/peak'
      ],
      table.map((row) => [
        `${row.latencyMs} ms`,
        row.limit ? String(row.limit) : 'none',
        row.mode,
        formatSpread(row.cold.eventsPerSecond, 0),
        formatSpread(row.warm.eventsPerSecond, 0),
        runs(row.cold.runs),
        runs(row.warm.runs)
      ])
    )
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
