// npm run bench:fault — the 2,000-event fault run against the emulator and 10,000 property-test runs.
// FAULT_EVENTS / FUZZ_RUNS override the sizes.
import { runFaultScenario } from './lib/fault-run'

async function main() {
  const events = Number(process.env.FAULT_EVENTS ?? 2000)
  const fault = await runFaultScenario({ events, batchSize: 100 })
  console.log('Fault run')
  console.log(JSON.stringify(fault, null, 2))
  if (!fault.ok) process.exitCode = 1
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
