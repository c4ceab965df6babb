// npm run bench — the four measurements of issue 6 and the throughput-vs-concurrency chart.
// Prints a table, writes bench/results.json (git-ignored) and docs/throughput.svg.
// BENCH_QUICK=1 shrinks every size (for development on a shared machine).
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Destination, createTestIntegration } from '@segment/actions-core'
import type { DestinationDefinition, DynamicFieldResponse, JSONObject, SegmentEvent } from '@segment/actions-core'
import definition from '../src/destinations/twilio-messaging'
import { fields } from '../src/destinations/twilio-messaging/sendMessage/fields'
import { TWILIO_BASE_URL_ENV } from '../src/destinations/twilio-messaging/twilio'
import {
  BATCH_CONCURRENCY_ENV,
  DEFAULT_BATCH_CONCURRENCY
} from '../src/destinations/twilio-messaging/sendMessage/batch'
import { clearMemoryDedup, memoryDedupSize } from '../src/destinations/twilio-messaging/sendMessage/dedup'
import { DEMO_CREDENTIALS, startEmulator } from '../src/emulator'
import { installInstantTransport } from './lib/instant-transport'
import { renderThroughputSvg } from './lib/chart'
import { startEmulatorProcess } from './lib/emulator-process'

const QUICK = process.env.BENCH_QUICK === '1'
const gc = (globalThis as { gc?: () => void }).gc

const settings = {
  accountSID: DEMO_CREDENTIALS.accountSid,
  apiKeySID: DEMO_CREDENTIALS.apiKeySid,
  apiKeySecret: DEMO_CREDENTIALS.apiKeySecret
}

const defaults = Object.fromEntries(
  Object.entries(fields)
    .filter(([, field]) => field.default !== undefined)
    .map(([key, field]) => [key, field.default])
)
const mapping = {
  ...defaults,
  toPhoneNumber: { '@path': '$.properties.phone' },
  fromPhoneNumber: '+14155550100',
  inlineBody: { '@template': 'Hi {{properties.first_name}}, order {{properties.order_id}} has shipped' }
} as JSONObject

let eventCounter = 0
function event(i: number): SegmentEvent {
  eventCounter++
  return {
    type: 'track',
    event: 'Order Shipped',
    messageId: `bench-${process.pid}-${eventCounter}`,
    timestamp: new Date().toISOString(),
    properties: {
      phone: `+1415${2000000 + (i % 7000000)}`,
      first_name: 'Ada',
      order_id: `A-${eventCounter}`,
      text: 'hi'
    }
  } as SegmentEvent
}

const subscription = (partnerAction: string, actionMapping: JSONObject) => ({
  subscribe: 'type = "track"',
  partnerAction,
  mapping: actionMapping
})

// The framework's floor: a one-field action that posts its field, in the same runtime and transport.
const floorDefinition: DestinationDefinition<Record<string, never>> = {
  name: 'Floor',
  mode: 'cloud',
  actions: {
    send: {
      title: 'Send',
      description: 'Posts one field.',
      fields: { text: { label: 'Text', description: 'The text.', type: 'string', required: true } },
      perform: (request, { payload }) => request('https://floor.example/send', { method: 'POST', json: payload })
    }
  }
}

function withEnv<T>(values: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const previous = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]))
  const set = (vals: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(vals)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  }
  set(values)
  return fn().finally(() => set(previous))
}

function rssSampler() {
  let peak = process.memoryUsage.rss()
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, 10)
  return () => {
    clearInterval(timer)
    return Math.max(peak, process.memoryUsage.rss())
  }
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10

// 1. Per-event CPU cost with a transport that answers at once ---------------------------------------------------

async function cpuCost() {
  const events = QUICK ? 1000 : 5000
  const ours = new Destination(definition)
  const floor = new Destination(floorDefinition)
  const oursSettings = { ...settings, subscription: subscription('sendMessage', mapping) } as unknown as JSONObject
  const floorSettings = {
    subscription: subscription('send', { text: { '@path': '$.properties.text' } } as JSONObject)
  } as unknown as JSONObject
  const uninstall = installInstantTransport()
  const run = async (destination: Destination<never>, destinationSettings: JSONObject, n: number) => {
    const start = process.cpuUsage()
    const wall = process.hrtime.bigint()
    for (let i = 0; i < n; i++) {
      const results = await destination.onEvent(event(i), destinationSettings)
      destination.responses.length = 0
      if (i === 0 && JSON.stringify(results).includes('"error"')) throw new Error(JSON.stringify(results))
    }
    const cpu = process.cpuUsage(start)
    const seconds = Number(process.hrtime.bigint() - wall) / 1e9
    return { cpuUsPerEvent: (cpu.user + cpu.system) / n, eventsPerSecond: n / seconds }
  }
  try {
    await run(ours as never, oursSettings, 300)
    await run(floor as never, floorSettings, 300)
    const best = { ours: Infinity, floor: Infinity, oursRate: 0, floorRate: 0 }
    for (let round = 0; round < 3; round++) {
      clearMemoryDedup()
      const f = await run(floor as never, floorSettings, events)
      const o = await run(ours as never, oursSettings, events)
      if (o.cpuUsPerEvent < best.ours) [best.ours, best.oursRate] = [o.cpuUsPerEvent, o.eventsPerSecond]
      if (f.cpuUsPerEvent < best.floor) [best.floor, best.floorRate] = [f.cpuUsPerEvent, f.eventsPerSecond]
    }
    return {
      eventsPerRound: events,
      rounds: 3,
      ours: { usPerEvent: round1(best.ours), eventsPerSecond: Math.round(best.oursRate) },
      floor: { usPerEvent: round1(best.floor), eventsPerSecond: Math.round(best.floorRate) },
      ratio: Math.round((best.ours / best.floor) * 100) / 100,
      target: '<= 1.2'
    }
  } finally {
    uninstall()
    clearMemoryDedup()
  }
}

const round1 = (value: number) => Math.round(value * 10) / 10

// 2. Batch vs one perform at a time against the emulator with 50 ms latency ------------------------------------

async function batchVsSequential() {
  const events = QUICK ? 200 : 1000
  const emulator = await startEmulatorProcess(['--latency', '50'])
  try {
    return await withEnv({ [TWILIO_BASE_URL_ENV]: emulator.url }, async () => {
      const destination = new Destination(definition)
      const destinationSettings = {
        ...settings,
        subscription: subscription('sendMessage', mapping)
      } as unknown as JSONObject
      clearMemoryDedup()
      gc?.()
      let stop = rssSampler()
      let wall = Date.now()
      let ok = 0
      for (let start = 0; start < events; start += 100) {
        const batch = Array.from({ length: Math.min(100, events - start) }, (_, k) => event(start + k))
        const results = (await destination.onBatch(batch, destinationSettings)) as Array<{
          multistatus?: Array<{ status: number }>
        }>
        destination.responses.length = 0
        ok += results[0]?.multistatus?.filter((r) => r.status === 201).length ?? 0
      }
      const batchSeconds = (Date.now() - wall) / 1000
      const batchPeak = stop()
      const batchAccepted = (await emulator.counters()).accepted

      gc?.()
      stop = rssSampler()
      wall = Date.now()
      let sequentialOk = 0
      for (let i = 0; i < events; i++) {
        const results = (await destination.onEvent(event(i), destinationSettings)) as Array<{ output?: string }>
        destination.responses.length = 0
        if (!JSON.stringify(results).includes('"error"')) sequentialOk++
      }
      const sequentialSeconds = (Date.now() - wall) / 1000
      const sequentialPeak = stop()
      return {
        events,
        latencyMs: 50,
        batchSize: 100,
        concurrency: Number(process.env[BATCH_CONCURRENCY_ENV] ?? DEFAULT_BATCH_CONCURRENCY),
        batch: {
          seconds: batchSeconds,
          eventsPerSecond: Math.round(events / batchSeconds),
          delivered: ok,
          peakRssMb: mb(batchPeak)
        },
        sequential: {
          seconds: sequentialSeconds,
          eventsPerSecond: round1(events / sequentialSeconds),
          delivered: sequentialOk,
          peakRssMb: mb(sequentialPeak)
        },
        emulatorAccepted: (await emulator.counters()).accepted,
        batchAccepted,
        speedup: round1(sequentialSeconds / batchSeconds),
        target: '>= 25x'
      }
    })
  } finally {
    await emulator.close()
  }
}

// 3. RSS growth over 10,000 events in one process -----------------------------------------------------------------

async function rssGrowth() {
  const events = QUICK ? 2000 : 10_000
  const destination = new Destination(definition)
  const destinationSettings = {
    ...settings,
    subscription: subscription('sendMessage', mapping)
  } as unknown as JSONObject
  const uninstall = installInstantTransport()
  clearMemoryDedup()
  try {
    // Warm up code paths and caches first, so the growth is what the events add.
    for (let i = 0; i < 500; i += 100) {
      await destination.onBatch(
        Array.from({ length: 100 }, (_, k) => event(i + k)),
        destinationSettings
      )
      destination.responses.length = 0
    }
    clearMemoryDedup()
    gc?.()
    const before = process.memoryUsage()
    const stop = rssSampler()
    for (let i = 0; i < events; i += 100) {
      await destination.onBatch(
        Array.from({ length: 100 }, (_, k) => event(i + k)),
        destinationSettings
      )
      destination.responses.length = 0
    }
    const peak = stop()
    gc?.()
    const after = process.memoryUsage()
    return {
      events,
      gcExposed: Boolean(gc),
      rssBeforeMb: mb(before.rss),
      rssAfterMb: mb(after.rss),
      rssPeakMb: mb(peak),
      rssGrowthMb: mb(after.rss - before.rss),
      heapGrowthMb: mb(after.heapUsed - before.heapUsed),
      dedupEntries: memoryDedupSize(),
      target: '< 50 MB'
    }
  } finally {
    uninstall()
    clearMemoryDedup()
  }
}

// 4. Phone-number lookup over an account with 5,000 extra numbers ------------------------------------------------

async function lookup() {
  const emulator = await startEmulator({ seed: { extraPhoneNumbers: 5000 } })
  try {
    return await withEnv({ [TWILIO_BASE_URL_ENV]: emulator.url }, async () => {
      const testDestination = createTestIntegration(definition)
      const before = emulator.state.counters.requests
      const started = process.hrtime.bigint()
      const response = (await testDestination.testDynamicField('sendMessage', 'fromPhoneNumber', {
        settings,
        payload: { channel: 'SMS', senderType: 'Phone number' }
      })) as DynamicFieldResponse
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      const requests = emulator.state.counters.requests - before
      const paths = testDestination.responses.map((r) => new URL(r.url).pathname.split('/').pop())
      return {
        via: 'dynamicFields.fromPhoneNumber, SMS channel',
        numbersInAccount: emulator.account.phoneNumbers?.length,
        choices: response?.choices?.length,
        error: response?.error,
        requests,
        requestPaths: paths,
        ms: Math.round(ms),
        target: '<= 6 requests'
      }
    })
  } finally {
    await emulator.close()
  }
}

// Chart: throughput against concurrency at 50 ms latency ---------------------------------------------------------

async function throughputByConcurrency() {
  const levels = QUICK ? [1, 10, 50] : [1, 5, 10, 25, 50, 100, 200]
  const emulator = await startEmulatorProcess(['--latency', '50'])
  const points: Array<{ concurrency: number; events: number; eventsPerSecond: number }> = []
  try {
    for (const concurrency of levels) {
      await withEnv({ [TWILIO_BASE_URL_ENV]: emulator.url, [BATCH_CONCURRENCY_ENV]: String(concurrency) }, async () => {
        const destination = new Destination(definition)
        const destinationSettings = {
          ...settings,
          subscription: subscription('sendMessage', mapping)
        } as unknown as JSONObject
        const events = Math.min(1000, Math.max(40, concurrency * 8))
        const batch = Array.from({ length: events }, (_, k) => event(k))
        const started = Date.now()
        await destination.onBatch(batch, destinationSettings)
        destination.responses.length = 0
        const seconds = (Date.now() - started) / 1000
        points.push({ concurrency, events, eventsPerSecond: Math.round(events / seconds) })
      })
    }
  } finally {
    await emulator.close()
  }
  return points
}

async function main() {
  const started = Date.now()
  const results: Record<string, unknown> = {
    quick: QUICK,
    node: process.version,
    cpus: require('node:os').cpus().length
  }
  console.log(`Benchmarks${QUICK ? ' (quick)' : ''}: default batch concurrency ${DEFAULT_BATCH_CONCURRENCY}`)
  const cpu = await cpuCost()
  results.cpu = cpu
  console.log('1. CPU per event done')
  const rss = await rssGrowth()
  results.rss = rss
  console.log('3. RSS growth done')
  const look = await lookup()
  results.lookup = look
  console.log('4. lookup done')
  const chart = await throughputByConcurrency()
  results.throughputByConcurrency = chart
  console.log('chart done')
  const latency = await batchVsSequential()
  results.batchVsSequential = latency
  console.log('2. batch vs sequential done')
  results.seconds = (Date.now() - started) / 1000

  mkdirSync(join(__dirname), { recursive: true })
  writeFileSync(join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n')
  const docs = join(__dirname, '..', 'docs')
  mkdirSync(docs, { recursive: true })
  writeFileSync(join(docs, 'throughput.svg'), renderThroughputSvg(chart, DEFAULT_BATCH_CONCURRENCY))

  const rows: Array<[string, string, string, string]> = [
    ['1', 'CPU per event, sendMessage', `${cpu.ours.usPerEvent} µs (${cpu.ours.eventsPerSecond} ev/s)`, ''],
    ['1', 'CPU per event, one-field floor', `${cpu.floor.usPerEvent} µs (${cpu.floor.eventsPerSecond} ev/s)`, ''],
    ['1', 'ratio ours / floor', String(cpu.ratio), `${cpu.target}: ${cpu.ratio <= 1.2 ? 'met' : 'not met'}`],
    [
      '2',
      `batch, ${latency.events} events @50 ms`,
      `${latency.batch.eventsPerSecond} ev/s, ${latency.batch.seconds} s, peak RSS ${latency.batch.peakRssMb} MB`,
      ''
    ],
    [
      '2',
      'one perform at a time',
      `${latency.sequential.eventsPerSecond} ev/s, ${latency.sequential.seconds} s, peak RSS ${latency.sequential.peakRssMb} MB`,
      ''
    ],
    ['2', 'speedup', `${latency.speedup}x`, `${latency.target}: ${latency.speedup >= 25 ? 'met' : 'not met'}`],
    [
      '3',
      `RSS growth over ${rss.events} events`,
      `${rss.rssGrowthMb} MB (heap ${rss.heapGrowthMb} MB)`,
      `${rss.target}: ${rss.rssGrowthMb < 50 ? 'met' : 'not met'}`
    ],
    [
      '4',
      `lookup over ${look.numbersInAccount} numbers`,
      `${look.requests} requests, ${look.ms} ms, ${look.choices} choices`,
      `${look.target}: ${look.requests <= 6 ? 'met' : 'not met'}`
    ]
  ]
  console.log('\n| # | measure | result | target |\n| --- | --- | --- | --- |')
  for (const row of rows) console.log(`| ${row.join(' | ')} |`)
  console.log('\n| concurrency | events | events/s |\n| --- | --- | --- |')
  for (const point of chart) console.log(`| ${point.concurrency} | ${point.events} | ${point.eventsPerSecond} |`)
  console.log(`\nWrote bench/results.json and docs/throughput.svg in ${results.seconds} s`)
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
