// Printing the single- and multi-worker tables of issue 20 against their targets.
import { BATCH_TARGETS, type BatchCaseResult, type Phase } from './batch-table'
import { availableParallelism } from 'node:os'
import { formatSpread } from './interleave'
import { MULTI_TARGETS, type MultiCaseResult } from './multi-worker'

export function printTable(header: string[], rows: string[][]) {
  console.log(`\n| ${header.join(' | ')} |\n| ${header.map(() => '---').join(' | ')} |`)
  for (const row of rows) console.log(`| ${row.join(' | ')} |`)
}

const percent = (share: number, digits = 0) => `${(share * 100).toFixed(digits)}%`
const verdict = (met: boolean | undefined) => (met === undefined ? '' : met ? 'met' : '**not met**')

function phaseCells(phase: Phase): string[] {
  const share = phase.ofLimit
    ? `${percent(phase.ofLimit.median)} (${percent(phase.ofLimit.min)}..${percent(phase.ofLimit.max)})`
    : ''
  const refused = phase.runs.map((run) => run.refused429).join(' ')
  return [
    formatSpread(phase.eventsPerSecond, 0),
    share,
    `${refused} (${percent(phase.worstRefusedShare, 1)})`,
    verdict(phase.met)
  ]
}

export function printBatchTable(table: BatchCaseResult[], rounds: number) {
  printTable(
    [
      'latency',
      'limit N',
      'N / latency',
      'cold ev/s',
      'cold % of N/latency',
      'cold 429s (worst %)',
      `cold ≥ ${percent(BATCH_TARGETS.cold)}`,
      'warm ev/s',
      'warm % of N/latency',
      'warm 429s (worst %)',
      `warm ≥ ${percent(BATCH_TARGETS.warm)}`
    ],
    table.map((row) => [
      `${row.latencyMs} ms`,
      row.limit ? String(row.limit) : 'none',
      row.limit ? String((row.limit * 1000) / row.latencyMs) : '',
      ...phaseCells(row.cold),
      ...phaseCells(row.warm)
    ])
  )
  const undelivered = table.flatMap((row) => [...row.cold.runs, ...row.warm.runs]).filter((run) => run.delivered < 1000)
  console.log(
    `${rounds} rounds, cases interleaved; ev/s: median (middle half); % of N / latency: median (min..max); 429s: ` +
      `requests the emulator refused, per batch, and the worst batch's share of its requests (target ≤ ` +
      `${percent(BATCH_TARGETS.refusedShare)}). ${undelivered.length} batch(es) with an event not answered 201.`
  )
  printBatchCpu(table)
}

/** Where the CPU went: the client and the emulator share the machine's cores, which bound what any sender reaches. */
function printBatchCpu(table: BatchCaseResult[]) {
  printTable(
    [
      'latency',
      'limit N',
      'batch',
      'client µs/event, JS thread',
      'client µs/event, all threads',
      'emulator µs/event',
      'cores allow, ev/s',
      'of N / latency'
    ],
    table.flatMap((row) =>
      (['cold', 'warm'] as const).map((name) => {
        const cpu = row[name].cpu
        const limit = row.limit ? (row.limit * 1000) / row.latencyMs : 0
        return [
          `${row.latencyMs} ms`,
          row.limit ? String(row.limit) : 'none',
          name,
          formatSpread(cpu.clientJsUs, 0),
          formatSpread(cpu.clientAllUs, 0),
          formatSpread(cpu.emulatorUs, 0),
          // Without /proc the emulator's CPU, and so the bound, is unknown.
          Number.isFinite(cpu.machineBound) ? String(Math.round(cpu.machineBound)) : 'n/a',
          limit && Number.isFinite(cpu.machineBound) ? percent(cpu.machineBound / limit) : ''
        ]
      })
    )
  )
  console.log(
    `CPU per event of each batch (median, middle half): the client's from /proc and process.cpuUsage(), the ` +
      `emulator process's from /proc/<pid>/stat (10 ms ticks); "cores allow": ${availableParallelism()} cores over ` +
      'the two added, an upper bound that assumes every core busy with them alone.'
  )
}

export function printMultiTable(table: MultiCaseResult[], options: { rounds: number; events: number }) {
  printTable(
    [
      'workers',
      'latency',
      'limit N',
      `together (% of N/latency, ≥ ${percent(MULTI_TARGETS.together)})`,
      `shares of a fair share (each within ${percent(MULTI_TARGETS.fairShare)})`,
      `429s (% of requests, ≤ ${percent(MULTI_TARGETS.refusedShare)})`,
      'exactly once',
      'target'
    ],
    table.map((row) => [
      String(row.workers),
      `${row.latencyMs} ms${row.withoutCountHeader ? ', no count header' : ''}`,
      String(row.limit),
      `${percent(row.ofLimit.median)} (${row.runs.map((run) => percent(run.ofLimit)).join(', ')})`,
      row.runs.map((run) => run.shares.map((share) => share.toFixed(2)).join('/')).join(', '),
      row.runs.map((run) => `${run.refused429} (${percent(run.refusedShare, 1)})`).join(', '),
      row.runs
        .map((run) => `${run.distinct}/${run.events}${run.notDelivered ? `, ${run.notDelivered} not 201` : ''}`)
        .join(', '),
      verdict(row.met)
    ])
  )
  console.log(
    `${options.rounds} rounds, cases interleaved; each worker a separate Node process, ${options.events} events ` +
      'in all in batches of 1,000 sent one after another; together and shares counted while every worker was ' +
      'sending (201s as each worker saw them); exactly once: distinct messages at the emulator / events.'
  )
}
