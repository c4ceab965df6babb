// `npm start`: the Twilio emulator and the dev server together, offline, with the demo settings and a curl to try.
// `npm start -- --live` talks to real Twilio with credentials from the environment or a settings file.
import { Command, InvalidArgumentError } from 'commander'
import { regionAdminPrefix } from '../emulator'
import { defaultLog, startDevServer, type LogFn, type RunningDevServer } from './app'
import { LIVE_RELOAD_PORT_ENV } from './live-reload'
import { ConfigError, LIVE_ENV, prepareTarget, type Target } from './config'
import { parseEmulatorUrl, type EmulatorUrlSource } from './existing-emulator'
import { createRedactor } from './redact'
import { SAMPLE_MESSAGE_ID_NOTE, demoFromNumber, sampleCurl } from './samples'
import { REGIONS, TWILIO_REGIONS, twilioHosts, type TwilioRegion } from '../destinations/twilio-messaging/twilio'
import { settingsTarget } from '../destinations/twilio-messaging/sendMessage/settings-check'

export const DEFAULT_PORT = 3000

export interface StartOptions {
  port: number
  emulatorPort?: number
  /** An emulator the user already runs (`--emulator-url`): none is started. */
  emulatorUrl?: string
  emulatorUrlSource?: EmulatorUrlSource
  /** Extra phone numbers in the emulator npm start runs (`--numbers`). */
  numbers?: number
  /** The emulator npm start runs plays message lifecycles this many times faster (`--time-scale`). */
  timeScale?: number
  live: boolean
  settingsFile?: string
  /** `--region`: the Twilio Region the settings send through (the emulator plays it offline). */
  region?: TwilioRegion
}

export function parsePort(value: string, name = 'port'): number {
  const parsed = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN
  if (!(parsed >= 0 && parsed <= 65535)) throw new InvalidArgumentError(`${name} must be an integer from 0 to 65535.`)
  return parsed
}

export function buildStartCommand(): Command {
  return new Command('start')
    .description(
      'Local dev server for the Twilio Messaging destination (the actions-cli serve API), with an offline Twilio emulator.'
    )
    .option('-p, --port <port>', `dev server port (env PORT, default ${DEFAULT_PORT}; 0 = any free port)`)
    .option('--emulator-port <port>', 'Twilio emulator port (default 0 = any free port)')
    .option('--emulator-url <url>', 'use a Twilio emulator you already run (npm run emulator) instead of starting one')
    .option('--numbers <n>', 'extra phone numbers in the emulator npm start runs, e.g. 5000 (env EMULATOR_NUMBERS)')
    .option(
      '--time-scale <n>',
      'message lifecycles in the emulator npm start runs go n times faster, 60 = a minute per second (env EMULATOR_TIME_SCALE, default 1)'
    )
    .option(
      '--live',
      `send to real Twilio (needs ${Object.values(LIVE_ENV).join(', ')} or --settings); never the default`,
      false
    )
    .option('--settings <file>', 'JSON file with the destination settings {accountSID, apiKeySID, apiKeySecret}')
    .option(
      '--region <region>',
      `Twilio Region to send through: ${TWILIO_REGIONS.join(' or ')} (ie1: Ireland, EU data residency; default us1)`
    )
    .exitOverride()
}

/** Flags (without node and the script) and the environment into options; throws commander's or ConfigError. */
export function parseStartArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): StartOptions {
  const command = buildStartCommand()
  command.parse(argv, { from: 'user' })
  const flags = command.opts<{
    port?: string
    emulatorPort?: string
    emulatorUrl?: string
    numbers?: string
    timeScale?: string
    live: boolean
    settings?: string
    region?: string
  }>()
  const read = (value: string, name: string) => {
    try {
      return parsePort(value, name)
    } catch (error) {
      throw new ConfigError((error as Error).message)
    }
  }
  const portText = flags.port ?? env.PORT
  const options: StartOptions = {
    port:
      portText !== undefined && portText !== ''
        ? read(portText, flags.port ? typedFlag(argv, '--port', '-p') : 'PORT')
        : DEFAULT_PORT,
    emulatorPort: flags.emulatorPort !== undefined ? read(flags.emulatorPort, '--emulator-port') : undefined,
    live: flags.live,
    settingsFile: flags.settings
  }
  if (flags.region !== undefined) {
    const region = TWILIO_REGIONS.find((known) => known === flags.region?.trim().toLowerCase())
    if (!region) {
      throw new ConfigError(`--region must be ${TWILIO_REGIONS.join(' or ')} (got "${flags.region.slice(0, 40)}").`)
    }
    options.region = region
  }
  const numbersText = flags.numbers ?? env.EMULATOR_NUMBERS
  if (numbersText !== undefined && numbersText !== '') {
    const name = flags.numbers !== undefined ? '--numbers' : 'EMULATOR_NUMBERS'
    if (!/^\d+$/.test(numbersText.trim()) || Number(numbersText) > MAX_EXTRA_NUMBERS) {
      throw new ConfigError(`${name} must be an integer from 0 to ${MAX_EXTRA_NUMBERS} (got "${numbersText}").`)
    }
    options.numbers = Number(numbersText)
  }
  const scaleText = flags.timeScale ?? env.EMULATOR_TIME_SCALE
  if (scaleText !== undefined && scaleText !== '') {
    const name = flags.timeScale !== undefined ? '--time-scale' : 'EMULATOR_TIME_SCALE'
    const scale = Number(scaleText)
    if (!/^\d+(\.\d+)?$/.test(scaleText.trim()) || !(scale > 0 && scale <= MAX_TIME_SCALE)) {
      throw new ConfigError(`${name} must be a number above 0 and at most ${MAX_TIME_SCALE} (got "${scaleText}").`)
    }
    options.timeScale = scale
  }
  if (flags.emulatorUrl !== undefined) {
    options.emulatorUrl = parseEmulatorUrl(flags.emulatorUrl, '--emulator-url')
    options.emulatorUrlSource = '--emulator-url'
  }
  if (options.emulatorUrl) {
    const source = options.emulatorUrlSource
    if (flags.live) throw new ConfigError('--live sends to real Twilio: leave out --emulator-url.')
    const own = ['--emulator-port', '--numbers', '--time-scale'].filter((flag) =>
      argv.some((arg) => arg.split('=')[0] === flag)
    )
    if (own.length > 0) {
      throw new ConfigError(
        `${own.join(' and ')} configure${own.length === 1 ? 's' : ''} the emulator npm start runs, but ${source} ` +
          `names one you already run: leave out ${own.join(' and ')} or ${source}.`
      )
    }
  }
  return options
}

/** Extra numbers an emulator can hold (the emulator CLI's own limit for --numbers). */
const MAX_EXTRA_NUMBERS = 1000000
/** The emulator CLI's own limit for --time-scale. */
const MAX_TIME_SCALE = 1000000

/** The spelling of a flag the user typed (`-p` or `--port`), for error messages. */
export function typedFlag(argv: string[], long: string, short?: string): string {
  const typed = argv.find((arg) => arg === short || arg.split('=')[0] === long)
  return typed === short && short ? short : long
}

export interface Started {
  devServer: RunningDevServer
  target: Target
  banner: string
  /** Closes the dev server and the emulator. */
  stop(): Promise<void>
}

/** Starts everything; the banner is returned (and not printed) so tests can read it. */
export async function start(options: StartOptions, log: LogFn = defaultLog): Promise<Started> {
  const target = await prepareTarget({
    live: options.live,
    settingsFile: options.settingsFile,
    region: options.region,
    emulatorPort: options.emulatorPort,
    emulatorSeed: options.numbers !== undefined ? { extraPhoneNumbers: options.numbers } : undefined,
    emulatorTimeScale: options.timeScale,
    emulatorUrl: options.emulatorUrl,
    emulatorUrlSource: options.emulatorUrlSource
  })
  let devServer: RunningDevServer
  try {
    devServer = await startDevServer({
      destination: target.definition,
      port: options.port,
      log,
      secrets: target.secrets,
      tester: target.emulatorUrl
        ? { emulatorUrl: target.emulatorUrl, demoSettings: target.settings, region: target.region }
        : { region: target.region },
      // Status callbacks are checked with the auth token the emulator started here signs them with.
      callbackAuthToken: target.emulator?.regions[target.region].callbackAuthToken,
      // Set by `npm run dev` (src/server/dev.ts), which holds the live-reload socket.
      liveReloadPort: Number(process.env[LIVE_RELOAD_PORT_ENV]) || undefined
    })
  } catch (error) {
    await target.close()
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new ConfigError(
        `Port ${options.port} is already in use: pass --port <port> or set PORT (0 = any free port).`
      )
    }
    throw error
  }
  let stopping: Promise<void> | undefined
  return {
    devServer,
    target,
    banner: startBanner(devServer, target, options),
    stop() {
      stopping ??= Promise.allSettled([devServer.close(), target.close()]).then(() => undefined)
      return stopping
    }
  }
}

export function startBanner(
  devServer: RunningDevServer,
  target: Target,
  emulatorOptions: Pick<StartOptions, 'numbers' | 'timeScale'> = {}
): string {
  const routes = 'GET /manifest, POST /authenticate, POST /sendMessage, POST /sendMessage/<field>'
  if (target.mode === 'live') {
    const { accountSID, apiKeySID } = target.settings
    return [
      'Twilio Messaging dev server (LIVE: requests go to real Twilio and send real, billed messages)',
      '',
      `  Dev server   ${devServer.url}   (${routes})`,
      `  Tester page  ${devServer.url}/   (open it in a browser: map, send and see the request)`,
      `  Twilio       ${Object.values(twilioHosts(settingsTarget(target.settings))).join(', ')}`,
      `               (${REGIONS[target.region].name})`,
      '',
      'Settings (post them as "settings" with each request):',
      indent(JSON.stringify({ accountSID, apiKeySID, apiKeySecret: '<your API key secret>' }, null, 2)),
      '',
      'Ctrl+C to stop.'
    ].join('\n')
  }
  const emulatorUrl = target.emulatorUrl
  // A secret from a settings file is never printed (the demo secret is public and makes the curl work as is).
  const redact = createRedactor(target.secrets)
  const ownSecret = target.secrets.length > 0
  return [
    'Twilio Messaging dev server (offline: requests go to the local Twilio emulator, nothing is sent)',
    '',
    `  Dev server       ${devServer.url}   (${routes})`,
    `  Tester page      ${devServer.url}/   (open it in a browser: map, send, see the outbox)`,
    `  Twilio emulator  ${emulatorUrl}   (sent messages: ${emulatorUrl}${regionAdminPrefix(target.region)}/messages)`,
    `  Twilio region    ${REGIONS[target.region].name}, played offline as ${
      twilioHosts(settingsTarget(target.settings)).api
    }`,
    ...(target.externalEmulator
      ? ['                   (the emulator you run: npm start neither resets nor stops it)']
      : []),
    ...emulatorNotes(emulatorOptions),
    '',
    ownSecret ? 'Settings (from the settings file; the emulator accepts these credentials):' : 'Demo settings:',
    indent(redact.text(JSON.stringify(target.settings, null, 2))),
    '',
    `Send a sample event (an SMS from the demo number ${demoFromNumber(target.settings)}):`,
    ...(ownSecret ? ['(replace <redacted> with the apiKeySecret of your settings file)'] : []),
    `(${SAMPLE_MESSAGE_ID_NOTE})`,
    '',
    redact.text(sampleCurl(devServer.url, target.settings)),
    '',
    `Then see it in the emulator: curl -sS ${emulatorUrl}${regionAdminPrefix(target.region)}/messages`,
    `Real Twilio instead: npm start -- --live${
      target.region === 'us1' ? '' : ` --region ${target.region}`
    } (with TWILIO_ACCOUNT_SID, TWILIO_API_KEY_SID, TWILIO_API_KEY_SECRET).`,
    'Ctrl+C to stop.'
  ].join('\n')
}

/** What `--numbers` and `--time-scale` did to the emulator npm start runs, said under its address. */
function emulatorNotes({ numbers, timeScale }: Pick<StartOptions, 'numbers' | 'timeScale'>): string[] {
  const notes = [
    ...(numbers ? [`seeded with ${numbers.toLocaleString('en-US')} extra numbers`] : []),
    ...(timeScale && timeScale !== 1 ? [`message lifecycles ${timeScale} times faster`] : [])
  ]
  return notes.length ? [`                   (${notes.join('; ')})`] : []
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n')

/** The `npm start` process: prints the banner, stops both servers on SIGINT/SIGTERM and exits 0. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<Started | undefined> {
  let started: Started
  try {
    started = await start(parseStartArgs(argv))
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'commander.helpDisplayed' || code === 'commander.help' || code === 'commander.version') {
      process.exitCode = 0
      return undefined
    }
    if (!code?.startsWith('commander.')) process.stderr.write(`${(error as Error).message}\n`)
    process.exitCode = error instanceof ConfigError || code?.startsWith('commander.') ? 2 : 1
    return undefined
  }
  process.stdout.write(`${started.banner}\n\n`)
  // Under `npm run dev` (src/server/dev.ts): say both servers listen, so it can tell live-reload clients.
  process.send?.({ type: 'dev-server-ready', url: started.devServer.url, emulatorUrl: started.target.emulator?.url })
  const stop = (signal: NodeJS.Signals) => {
    process.stdout.write(`\n${signal}: stopping the dev server${started.target.emulator ? ' and the emulator' : ''}\n`)
    started.stop().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  return started
}

if (require.main === module) {
  void main()
}
