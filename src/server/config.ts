// Where `npm start` and `npm run send` send requests and with which settings: the offline emulator by default,
// real Twilio only with --live and real credentials. The destination is pointed at the emulator from outside its
// folder (src/twilio-target.ts), never through a setting or the environment.
import type { DestinationDefinition } from '@segment/actions-core'
import destination, { createTwilioMessaging } from '../destinations/twilio-messaging'
import { targetTwilio } from '../twilio-target'
import {
  DEMO_CREDENTIALS,
  IE1_DEMO_CREDENTIALS,
  startEmulator,
  type RunningEmulator,
  type SeedOptions
} from '../emulator'
import { readTwilioTarget, settingsRegion, type TwilioRegion } from '../destinations/twilio-messaging/twilio'
import { ConfigError } from './config-error'
import { readJsonFile } from './json-file'
import { probeEmulator, type EmulatorUrlSource } from './existing-emulator'
import { settingsFor, type DestinationSettings } from './samples'
import type { CredentialSet } from './redact'

/** Environment variables that hold live credentials (a settings file wins over them). */
export const LIVE_ENV = {
  accountSID: 'TWILIO_ACCOUNT_SID',
  apiKeySID: 'TWILIO_API_KEY_SID',
  apiKeySecret: 'TWILIO_API_KEY_SECRET'
} as const

export { ConfigError, readJsonFile }

export function readObjectFile(file: string, what: string): Record<string, unknown> {
  const value = readJsonFile(file, what)
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`The ${what} file ${file} must hold a JSON object.`)
  }
  return value as Record<string, unknown>
}

/**
 * Settings from `--settings <file>` (the destination's settings object; `{"settings": {...}}` works too), with any
 * missing credential taken from TWILIO_ACCOUNT_SID / TWILIO_API_KEY_SID / TWILIO_API_KEY_SECRET.
 */
export function readSettings(settingsFile: string | undefined, env: NodeJS.ProcessEnv): Partial<DestinationSettings> {
  let fromFile: Record<string, unknown> = {}
  if (settingsFile) {
    const raw = readObjectFile(settingsFile, 'settings')
    fromFile = raw.settings && typeof raw.settings === 'object' ? (raw.settings as Record<string, unknown>) : raw
  }
  const settings: Record<string, unknown> = { ...fromFile }
  for (const [key, name] of Object.entries(LIVE_ENV)) {
    if ((settings[key] === undefined || settings[key] === '') && env[name]) settings[key] = env[name]
  }
  return settings as Partial<DestinationSettings>
}

export interface Target {
  /** `emulator`: the offline Twilio emulator; `live`: api.twilio.com and friends. */
  mode: 'emulator' | 'live'
  /** The Twilio Region the settings send through (`--region`, or the settings file's `region`; US1 by default). */
  region: TwilioRegion
  settings: DestinationSettings
  /** The destination as this target sends: its requests to Twilio's hosts go to the emulator in emulator mode. */
  definition: DestinationDefinition<DestinationSettings>
  /** The emulator this process started (closed with the target). */
  emulator?: RunningEmulator
  /** Where the emulator answers: the one started here, or one the user already runs. */
  emulatorUrl?: string
  /** True when the emulator is the user's own (`--emulator-url`): left running. */
  externalEmulator?: boolean
  /** Known credentials for the redactor. */
  secrets: CredentialSet[]
  close(): Promise<void>
}

export interface TargetOptions {
  live?: boolean
  /** `--region`: the Twilio Region to send through (it wins over the settings file's). Default US1. */
  region?: TwilioRegion
  settingsFile?: string
  emulatorPort?: number
  /** Seeding of the emulator started here (for example 5,000 extra numbers). */
  emulatorSeed?: SeedOptions
  /** The emulator started here runs its message lifecycle this many times faster (60: a minute per second). */
  emulatorTimeScale?: number
  /** An emulator the user already runs: nothing is started, requests go there. */
  emulatorUrl?: string
  /** How the user gave `emulatorUrl`, for error messages. */
  emulatorUrlSource?: EmulatorUrlSource
  env?: NodeJS.ProcessEnv
}

/**
 * The destination pointed at the emulator answering at `url`. The emulator runs on this machine, so it can fetch media
 * and call status callbacks on loopback (the dev server's own /callbacks): the destination is told so.
 */
export function emulatedDestination(url: string): DestinationDefinition<DestinationSettings> {
  const local = createTwilioMessaging({ localTwilio: true }) as DestinationDefinition<DestinationSettings>
  return targetTwilio(local, url)
}

/**
 * Decides where requests go, before any request is made:
 * - default: starts the emulator and points the destination at it; settings are the demo account's, or the
 *   credentials of `--settings` (the emulator is started with them, so they are accepted);
 * - `--live`: needs real credentials (file or environment) and sends to Twilio's own hosts.
 */
export async function prepareTarget(options: TargetOptions): Promise<Target> {
  const env = options.env ?? process.env
  if (options.live) {
    const settings = withRegion(readSettings(options.settingsFile, env), options.region, options.settingsFile)
    const missing = (Object.keys(LIVE_ENV) as Array<keyof typeof LIVE_ENV>).filter((key) => !settings[key])
    if (missing.length) {
      throw new ConfigError(
        `--live needs real Twilio credentials; missing: ${missing.join(', ')}. ` +
          `Set ${missing.map((key) => LIVE_ENV[key]).join(', ')} or pass --settings <file> with ` +
          `{"accountSID": "AC…", "apiKeySID": "SK…", "apiKeySecret": "…"}. Without --live everything runs offline against the emulator.`
      )
    }
    const full = settings as DestinationSettings
    return {
      mode: 'live',
      region: regionOf(full),
      settings: full,
      definition: destination as DestinationDefinition<DestinationSettings>,
      secrets: [{ secret: full.apiKeySecret, usernames: [full.apiKeySID, full.accountSID] }],
      close: async () => undefined
    }
  }
  const fromFile = withRegion(
    options.settingsFile ? readSettings(options.settingsFile, {}) : {},
    options.region,
    options.settingsFile
  )
  const region = regionOf(fromFile)
  // The demo account's keys of that region: Twilio's keys work in their own region only.
  const demo = region === 'ie1' ? IE1_DEMO_CREDENTIALS : DEMO_CREDENTIALS
  const credentials = {
    accountSid: String(fromFile.accountSID ?? demo.accountSid),
    apiKeySid: String(fromFile.apiKeySID ?? demo.apiKeySid),
    apiKeySecret: String(fromFile.apiKeySecret ?? demo.apiKeySecret)
  }
  const settings = { ...fromFile, ...settingsFor(credentials) } as DestinationSettings
  const isDemo = credentials.apiKeySecret === demo.apiKeySecret
  // The demo secret is public (it is printed), so only a secret from a settings file is treated as one.
  const secrets = isDemo
    ? []
    : [{ secret: credentials.apiKeySecret, usernames: [credentials.apiKeySid, credentials.accountSid] }]
  if (options.emulatorUrl) {
    const url = options.emulatorUrl
    await probeEmulator(url, options.emulatorUrlSource ?? '--emulator-url')
    return {
      mode: 'emulator',
      region,
      settings,
      definition: emulatedDestination(url),
      emulatorUrl: url,
      externalEmulator: true,
      secrets,
      close: async () => undefined
    }
  }
  let emulator: RunningEmulator
  try {
    emulator = await startEmulator({
      port: options.emulatorPort ?? 0,
      // The settings' credentials are accepted in their region; the other region keeps its demo ones.
      ...(region === 'ie1' ? { ie1Credentials: credentials } : { credentials }),
      seed: options.emulatorSeed,
      timeScale: options.emulatorTimeScale
    })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    const port = options.emulatorPort
    throw new ConfigError(
      `Emulator port ${port} is already in use: pass another --emulator-port (0 = any free port), or ` +
        `--emulator-url http://127.0.0.1:${port} if a Twilio emulator already runs there.`
    )
  }
  return {
    mode: 'emulator',
    region,
    settings,
    definition: emulatedDestination(emulator.url),
    emulator,
    emulatorUrl: emulator.url,
    secrets,
    close: () => emulator.close()
  }
}

/** Settings with `--region` in them (it wins over the file's), checked as the destination checks them. */
function withRegion(
  settings: Partial<DestinationSettings>,
  region: TwilioRegion | undefined,
  settingsFile: string | undefined
): Partial<DestinationSettings> {
  const merged = region ? { ...settings, region } : settings
  const read = readTwilioTarget(merged)
  if ('problem' in read)
    throw new ConfigError(`${read.problem}${settingsFile ? ` (settings file ${settingsFile})` : ''}`)
  return merged
}

/** The region of settings withRegion accepted. */
const regionOf = (settings: Partial<DestinationSettings>): TwilioRegion => settingsRegion(settings) ?? 'us1'
