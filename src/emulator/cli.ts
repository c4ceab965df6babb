// `npm run emulator`: starts the Twilio emulator on loopback and prints how to point the destination at it.
import { Command } from 'commander'
import { ADMIN_PREFIX, EmulatorOptions, RunningEmulator, baseUrlHint, startEmulator } from './server'
import { DEFAULT_STEP_MS } from './lifecycle'

export const DEFAULT_CLI_PORT = 4010

/** Environment variables read when the matching flag is not given (flags win). */
export const EMULATOR_ENV = {
  port: 'EMULATOR_PORT',
  latency: 'EMULATOR_LATENCY_MS',
  jitter: 'EMULATOR_JITTER_MS',
  rate429: 'EMULATOR_RATE_429',
  rate5xx: 'EMULATOR_RATE_5XX',
  rateDrop: 'EMULATOR_RATE_DROP',
  seed: 'EMULATOR_SEED',
  numbers: 'EMULATOR_NUMBERS',
  timeScale: 'EMULATOR_TIME_SCALE',
  stepMs: 'EMULATOR_STEP_MS',
  callbacksAnyHost: 'EMULATOR_CALLBACKS_ANY_HOST',
  concurrencyLimit: 'EMULATOR_CONCURRENCY_LIMIT'
} as const

/** Parsers get the flag or variable as the user wrote it (`--rate-429`, `-p`, `EMULATOR_RATE_429`) for the message. */
const integer = (min: number, max: number) => (value: string, name: string) => {
  const parsed = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN
  if (!(parsed >= min && parsed <= max))
    throw new Error(`${name} must be an integer from ${min} to ${max} (got "${value}").`)
  return parsed
}

const rate = (value: string, name: string) => {
  const parsed = value.trim() === '' ? Number.NaN : Number(value)
  if (!(parsed >= 0 && parsed <= 1)) throw new Error(`${name} must be a number from 0 to 1 (got "${value}").`)
  return parsed
}

const positive = (max: number) => (value: string, name: string) => {
  const parsed = value.trim() === '' ? Number.NaN : Number(value)
  if (!(parsed > 0 && parsed <= max))
    throw new Error(`${name} must be a number above 0, at most ${max} (got "${value}").`)
  return parsed
}

const flag = (value: string, name: string) => {
  if (/^(1|true|yes)$/i.test(value.trim())) return 1
  if (/^(0|false|no|)$/i.test(value.trim())) return 0
  throw new Error(`${name} must be 1 or 0 (got "${value}").`)
}

const PARSERS = {
  port: integer(0, 65535),
  latency: integer(0, 600000),
  jitter: integer(0, 600000),
  rate429: rate,
  rate5xx: rate,
  rateDrop: rate,
  seed: integer(0, 2 ** 32 - 1),
  numbers: integer(0, 1000000),
  timeScale: positive(1000000),
  stepMs: integer(0, 3600000),
  callbacksAnyHost: flag,
  concurrencyLimit: integer(0, 1000000)
}

type Key = keyof typeof PARSERS

/** Each option's long flag, and the short one where there is one. */
const FLAGS: Record<Key, { long: string; short?: string }> = {
  port: { long: '--port', short: '-p' },
  latency: { long: '--latency' },
  jitter: { long: '--jitter' },
  rate429: { long: '--rate-429' },
  rate5xx: { long: '--rate-5xx' },
  rateDrop: { long: '--rate-drop' },
  seed: { long: '--seed' },
  numbers: { long: '--numbers' },
  timeScale: { long: '--time-scale' },
  stepMs: { long: '--step-ms' },
  callbacksAnyHost: { long: '--callbacks-any-host' },
  concurrencyLimit: { long: '--concurrency-limit' }
}

/** The spelling the user typed (`-p` or `--port`); the long flag when it cannot be told. */
function typedFlag(argv: string[], key: Key): string {
  const { long, short } = FLAGS[key]
  const typed = argv.find(
    (arg) => (short !== undefined && arg.startsWith(short) && !arg.startsWith('--')) || arg.split('=')[0] === long
  )
  return typed !== undefined && short !== undefined && !typed.startsWith('--') ? short : long
}

function buildCommand(): Command {
  return new Command('emulator')
    .description('Offline in-memory Twilio emulator for the Twilio Messaging destination (loopback only).')
    .option('-p, --port <port>', `port to listen on, 0 for any (env ${EMULATOR_ENV.port}, default ${DEFAULT_CLI_PORT})`)
    .option('--latency <ms>', `added latency per request (env ${EMULATOR_ENV.latency}, default 0)`)
    .option('--jitter <ms>', `extra random latency, 0..ms (env ${EMULATOR_ENV.jitter}, default 0)`)
    .option('--rate-429 <share>', `share 0..1 of requests answered 429/20429 (env ${EMULATOR_ENV.rate429})`)
    .option('--rate-5xx <share>', `share 0..1 of requests answered 500/503 (env ${EMULATOR_ENV.rate5xx})`)
    .option('--rate-drop <share>', `share 0..1 of connections dropped (env ${EMULATOR_ENV.rateDrop})`)
    .option('--seed <n>', `seed of the fault PRNG (env ${EMULATOR_ENV.seed}, default 1)`)
    .option('--numbers <n>', `extra phone numbers in the demo account (env ${EMULATOR_ENV.numbers}, default 0)`)
    .option(
      '--time-scale <n>',
      `message lifecycle runs n times faster, 60 = a minute per second (env ${EMULATOR_ENV.timeScale}, default 1)`
    )
    .option('--step-ms <ms>', `time between two status changes (env ${EMULATOR_ENV.stepMs}, default 1000)`)
    .option(
      '--callbacks-any-host',
      `also call status callbacks that are not on loopback (env ${EMULATOR_ENV.callbacksAnyHost}=1)`
    )
    .option(
      '--concurrency-limit <n>',
      `requests in flight at once beyond which Twilio answers 429/20429, 0 for none (env ${EMULATOR_ENV.concurrencyLimit}, default 0)`
    )
    .exitOverride()
    .configureOutput({ writeOut: (text) => process.stdout.write(text), writeErr: (text) => process.stderr.write(text) })
}

/**
 * Reads flags (e.g. `['--latency', '50']`, without node and script) and the environment into emulator options.
 * Throws an error naming the flag as typed (`--rate-429`, `-p`) or the variable on a bad value.
 */
export function parseCliOptions(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env
): EmulatorOptions & { port: number } {
  const command = buildCommand()
  command.parse(argv, { from: 'user' })
  const opts = command.opts<Partial<Record<Key, string | boolean>>>()
  const flags: Partial<Record<Key, string>> = {}
  for (const [key, value] of Object.entries(opts)) flags[key as Key] = value === true ? '1' : String(value)
  const read = (key: Key): number | undefined => {
    const raw = flags[key] ?? env[EMULATOR_ENV[key]]
    if (raw === undefined || raw === '') return undefined
    return PARSERS[key](raw, flags[key] !== undefined ? typedFlag(argv, key) : EMULATOR_ENV[key])
  }
  return {
    port: read('port') ?? DEFAULT_CLI_PORT,
    seed: { extraPhoneNumbers: read('numbers') ?? 0 },
    faults: {
      latencyMs: read('latency') ?? 0,
      latencyJitterMs: read('jitter') ?? 0,
      rate429: read('rate429') ?? 0,
      rate5xx: read('rate5xx') ?? 0,
      rateDrop: read('rateDrop') ?? 0,
      seed: read('seed') ?? 1,
      concurrencyLimit: read('concurrencyLimit') ?? 0
    },
    timeScale: read('timeScale') ?? 1,
    stepMs: read('stepMs') ?? DEFAULT_STEP_MS,
    callbacks: { anyHost: read('callbacksAnyHost') === 1 }
  }
}

export function banner(emulator: RunningEmulator): string {
  const { accountSid, apiKeySid, apiKeySecret, authToken } = emulator.credentials
  const ie1 = emulator.regions.ie1.credentials
  const faults = emulator.faults
  return [
    `Twilio emulator listening on ${emulator.url}`,
    '',
    'Demo credentials (destination settings):',
    `  Account SID     ${accountSid}`,
    `  API Key SID     ${apiKeySid}`,
    `  API Key Secret  ${apiKeySecret}`,
    ...(authToken ? [`  Auth Token      ${authToken}  (Account SID + Auth Token also works)`] : []),
    '',
    `Ireland (IE1), on api.dublin.ie1.twilio.com (header X-Twilio-Host), with its own keys and numbers:`,
    `  API Key SID     ${ie1.apiKeySid}`,
    `  API Key Secret  ${ie1.apiKeySecret}`,
    `  Numbers         ${emulator.regions.ie1.account.phoneNumbers.map((number) => number.phoneNumber).join(', ')}`,
    '',
    'Point the dev server at it:',
    `  ${baseUrlHint(emulator.url)}   (add --region ie1 to send through IE1)`,
    '',
    `Faults: latency ${faults.latencyMs} ms (+0..${faults.latencyJitterMs}), 429 ${faults.rate429}, ` +
      `5xx ${faults.rate5xx}, drop ${faults.rateDrop}, seed ${faults.seed}, ` +
      `concurrency limit ${faults.concurrencyLimit || 'none'}`,
    `Admin: GET ${emulator.url}${ADMIN_PREFIX}/state | /messages | /callbacks, POST ${ADMIN_PREFIX}/reset | /faults`,
    `  simulate a reply: POST ${ADMIN_PREFIX}/inbound {"from": "whatsapp:+14155551212"} (opens a WhatsApp session),`,
    `  POST ${ADMIN_PREFIX}/stop {"from": "+14155551212", "to": "+14155550100"}; docs/emulator.md lists them all`,
    'Ctrl+C to stop.'
  ].join('\n')
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<RunningEmulator | undefined> {
  let options: ReturnType<typeof parseCliOptions>
  try {
    options = parseCliOptions(argv)
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'commander.helpDisplayed' || code === 'commander.help') return undefined
    if (!code?.startsWith('commander.')) process.stderr.write(`${(error as Error).message}\n`)
    process.exitCode = 2
    return undefined
  }
  let emulator: RunningEmulator
  try {
    emulator = await startEmulator({ ...options, log: (line) => process.stdout.write(`${line}\n`) })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    // The same advice as the dev server's busy port, with the emulator's own flag and variable.
    process.stderr.write(
      `Port ${options.port} is already in use: pass --port <port> or set ${EMULATOR_ENV.port} (0 = any free port).\n`
    )
    process.exitCode = 2
    return undefined
  }
  process.stdout.write(`${banner(emulator)}\n`)
  const stop = (signal: string) => {
    process.stdout.write(`\n${signal}: closing the emulator\n`)
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }
  process.once('SIGINT', () => stop('SIGINT'))
  process.once('SIGTERM', () => stop('SIGTERM'))
  return emulator
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  })
}
