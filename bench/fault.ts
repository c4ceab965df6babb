// npm run bench:fault — reliability: the fault run against the emulator in one process, the fresh-process runs (one
// event per invocation, and batches of 100; every redelivery in a new process; Segment-like invocation deadlines),
// under default and harsh faults, and 10,000 property-test runs. `--only` picks parts, `--events` sizes the runs.
import { Command, Option } from 'commander'
import fc from 'fast-check'
import { runFaultScenario, runFreshProcessScenario } from './lib/fault-run'
import { DEFAULT_PROXY_RATES, HARSH_PROXY_RATES } from './lib/fresh-process-run'
import { createPropertyRunner, eventArbitrary, mappingArbitrary } from '../test/helpers/message-arbitraries'

const PARTS = ['in-process', 'fresh-single', 'fresh-batch', 'harsh-single', 'harsh-batch', 'property'] as const

const program = new Command('bench:fault')
  .addOption(new Option('--only <parts...>', 'run only these parts').choices([...PARTS]))
  .option('--events <n>', 'events per fault run', (value) => Number(value), 2000)
  .option('--runs <n>', 'property runs', (value) => Number(value), 10_000)
  .option('--seed <n>', 'property seed (default: the clock)', (value) => Number(value))
  .parse()

const options = program.opts<{ only?: string[]; events: number; runs: number; seed?: number }>()
const wanted = (part: (typeof PARTS)[number]) => !options.only || options.only.includes(part)

/** Every figure the issue asks to be zero, with whether it is. */
function verdict(report: {
  duplicatesAfterTimeoutsOr5xx: number
  finalUndelivered: number
  lostToAnotherEventsMessage: number
  eventsReportingAnotherEventsSid: number
  lostToDeadline: number
}) {
  return {
    noDuplicatesAfterTimeouts5xxResets: report.duplicatesAfterTimeoutsOr5xx === 0,
    noEventLost: report.finalUndelivered === 0 && report.lostToAnotherEventsMessage === 0,
    noSidSharedBetweenEvents: report.eventsReportingAnotherEventsSid === 0,
    noInvocationPastItsDeadline: report.lostToDeadline === 0
  }
}

async function main() {
  if (wanted('in-process')) {
    const fault = await runFaultScenario({ events: options.events, batchSize: 100 })
    console.log('Fault run, in one process')
    console.log(JSON.stringify(fault, null, 2))
    if (!fault.ok) process.exitCode = 1
  }
  const fresh: Array<[(typeof PARTS)[number], 'single' | 'batch', typeof DEFAULT_PROXY_RATES]> = [
    ['fresh-single', 'single', DEFAULT_PROXY_RATES],
    ['fresh-batch', 'batch', DEFAULT_PROXY_RATES],
    ['harsh-single', 'single', HARSH_PROXY_RATES],
    ['harsh-batch', 'batch', HARSH_PROXY_RATES]
  ]
  for (const [part, mode, rates] of fresh) {
    if (!wanted(part)) continue
    const report = await runFreshProcessScenario({ events: options.events, mode, rates })
    const checks = verdict(report)
    console.log(`Fault run ${part}: every redelivery in a fresh process, deadline ${report.deadlineMs} ms`)
    console.log(JSON.stringify({ ...report, checks }, null, 2))
    if (!checks.noDuplicatesAfterTimeouts5xxResets || !checks.noEventLost) process.exitCode = 1
  }
  if (!wanted('property')) return
  const seed = options.seed ?? Date.now() % 2 ** 31
  const runner = createPropertyRunner()
  const started = Date.now()
  const details = await fc.check(
    fc.asyncProperty(mappingArbitrary, eventArbitrary, async (mapping, event) => {
      await runner.check(mapping, event)
    }),
    { numRuns: options.runs, seed }
  )
  runner.uninstall()
  console.log('Property run')
  console.log(
    JSON.stringify(
      {
        runs: details.numRuns,
        seed,
        failed: details.failed,
        counterexample: details.failed ? details.counterexample : undefined,
        error: details.failed ? String(details.errorInstance ?? details.error) : undefined,
        requestsPassingContract: runner.counts.sent,
        validationErrorsNamingAField: runner.counts.validation,
        seconds: (Date.now() - started) / 1000
      },
      null,
      2
    )
  )
  if (details.failed) process.exitCode = 1
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
