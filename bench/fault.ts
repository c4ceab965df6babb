// npm run bench:fault — the 2,000-event fault run against the emulator (in one process, then with every delivery in
// a fresh process) and 10,000 property-test runs. FAULT_MODE=in-process|fresh-process|property runs one part only.
// FAULT_EVENTS / FRESH_EVENTS / FUZZ_RUNS / FUZZ_SEED override the sizes and the seed.
import fc from 'fast-check'
import { runFaultScenario, runFreshProcessScenario } from './lib/fault-run'
import { createPropertyRunner, eventArbitrary, mappingArbitrary } from '../test/helpers/message-arbitraries'

const mode = process.env.FAULT_MODE

async function main() {
  if (!mode || mode === 'in-process') {
    const events = Number(process.env.FAULT_EVENTS ?? 2000)
    const fault = await runFaultScenario({ events, batchSize: 100 })
    console.log('Fault run')
    console.log(JSON.stringify(fault, null, 2))
    if (!fault.ok) process.exitCode = 1
  }
  if (!mode || mode === 'fresh-process') {
    const events = Number(process.env.FRESH_EVENTS ?? process.env.FAULT_EVENTS ?? 2000)
    const fresh = await runFreshProcessScenario({ events, batchSize: 100 })
    console.log('Fault run, every delivery in a fresh process (duplicates: target 0 after timeouts and 5xx)')
    console.log(JSON.stringify(fresh, null, 2))
    if (fresh.duplicatesAfterTimeoutsOr5xx > 0 || fresh.finalUndelivered > 0) process.exitCode = 1
  }
  if (mode && mode !== 'property') return
  const runs = Number(process.env.FUZZ_RUNS ?? 10_000)
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31)
  delete process.env.TWILIO_MESSAGING_BASE_URL
  const runner = createPropertyRunner()
  const started = Date.now()
  const details = await fc.check(
    fc.asyncProperty(mappingArbitrary, eventArbitrary, async (mapping, event) => {
      await runner.check(mapping, event)
    }),
    { numRuns: runs, seed }
  )
  runner.uninstall()
  const fuzz = {
    runs: details.numRuns,
    seed,
    failed: details.failed,
    counterexample: details.failed ? details.counterexample : undefined,
    error: details.failed ? String(details.errorInstance ?? details.error) : undefined,
    requestsPassingContract: runner.counts.sent,
    validationErrorsNamingAField: runner.counts.validation,
    seconds: (Date.now() - started) / 1000
  }
  console.log('Property run')
  console.log(JSON.stringify(fuzz, null, 2))
  if (details.failed) process.exitCode = 1
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
