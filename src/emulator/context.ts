// The emulator's parts for one run and one Twilio Region: the demo account as that region holds it, its credentials,
// state and message lifecycle (recipients' replies, status callbacks), with the clock and the faults shared by every
// region of the run; reset clears what a run accumulated.
import { randomBytes } from 'node:crypto'
import { CallbackSender } from './callbacks'
import { Scheduler, realScheduler } from './clock'
import { FaultInjector, FaultOptions } from './faults'
import { Lifecycle } from './lifecycle'
import { RecipientBook } from './recipients'
import { IE1_DEMO_CREDENTIALS } from './demo-credentials'
import type { EmulatorRegion } from './regions'
import { createIe1Account } from './regional-seed'
import { DEMO_CREDENTIALS, DemoAccount, EmulatorCredentials, SeedOptions, createDemoAccount } from './seed'
import { EmulatorState } from './state'

export interface EmulatorOptions {
  /** Default 0: an ephemeral port. */
  port?: number
  /** Default 127.0.0.1. Only loopback addresses are allowed. */
  host?: string
  /**
   * Default: DEMO_CREDENTIALS. Given ones are the only ones accepted: what they leave out is the demo account's
   * (Account SID, API key), except the auth token, which is accepted only when given.
   */
  credentials?: Partial<EmulatorCredentials>
  /** The same, for the IE1 region (default: IE1_DEMO_CREDENTIALS): Twilio's keys work in their own region only. */
  ie1Credentials?: Partial<EmulatorCredentials>
  seed?: SeedOptions
  faults?: FaultOptions
  /** The emulator's notion of "now" (message dates, scheduling window). Default: `() => new Date()`. */
  clock?: () => Date
  /** Clock and timers of the message lifecycle; tests pass a ManualTime. Default: real timers on `clock`. */
  scheduler?: Scheduler
  /** Real timers only: emulated time runs this many times faster (60 = a minute per second). Default 1. */
  timeScale?: number
  /** Emulated ms between two transitions (queued -> sending -> sent -> delivered). Default 1000. */
  stepMs?: number
  /** Status callbacks: retry waits, receiver timeout, and whether non-loopback URLs may be called (default no). */
  callbacks?: { retryDelaysMs?: number[]; timeoutMs?: number; anyHost?: boolean }
  /** Receives a line per status callback attempt and simulated reply. Default: none. */
  log?: (line: string) => void
}

export interface EmulatorContext {
  /** The Twilio Region this context plays (regions.ts): its own credentials, numbers and messages. */
  region: EmulatorRegion
  /** The account's numbers whose messaging region is another one: refused as From here (21663). */
  foreignNumbers: Set<string>
  account: DemoAccount
  credentials: EmulatorCredentials
  /**
   * The auth token status callbacks are signed with, as Twilio signs with the account's: the one given, or for custom
   * credentials without one, a random token of this run (never the public demo token).
   */
  callbackAuthToken: string
  state: EmulatorState
  faults: FaultInjector
  clock: () => Date
  scheduler: Scheduler
  timeScale: number
  recipients: RecipientBook
  callbacks: CallbackSender
  lifecycle: Lifecycle
  log?: (line: string) => void
}

/** The credentials accepted: the demo account's, or exactly the given ones (the demo auth token never with them). */
export function acceptedCredentials(
  given: Partial<EmulatorCredentials> | undefined,
  demo: Readonly<Required<EmulatorCredentials>> = DEMO_CREDENTIALS
): EmulatorCredentials {
  const custom = Object.values(given ?? {}).some((value) => value !== undefined)
  if (!custom) return { ...demo }
  const credentials: EmulatorCredentials = {
    accountSid: demo.accountSid,
    apiKeySid: demo.apiKeySid,
    apiKeySecret: demo.apiKeySecret
  }
  for (const [key, value] of Object.entries(given ?? {})) {
    if (value !== undefined) credentials[key as keyof EmulatorCredentials] = value
  }
  return credentials
}

/** What the regions of one run share: the clock and timers, and the fault settings (one server, one network). */
export interface SharedParts {
  scheduler: Scheduler
  faults: FaultInjector
}

/**
 * One region's context (US1 unless `region` says otherwise); `shared` joins it to the other regions of a run. The
 * IE1 account's Account SID is US1's (an account is the same in every region), with IE1's own keys.
 */
export function createEmulatorContext(
  options: EmulatorOptions = {},
  region: EmulatorRegion = 'us1',
  shared?: SharedParts
): EmulatorContext {
  const credentials =
    region === 'ie1'
      ? acceptedCredentials(
          {
            accountSid: options.credentials?.accountSid,
            ...options.ie1Credentials
          },
          IE1_DEMO_CREDENTIALS
        )
      : acceptedCredentials(options.credentials)
  const callbackAuthToken = credentials.authToken ?? randomBytes(16).toString('hex')
  const account =
    region === 'ie1'
      ? createIe1Account(credentials.accountSid, options.seed)
      : createDemoAccount(credentials.accountSid, options.seed)
  const state = new EmulatorState()
  const timeScale = options.timeScale ?? 1
  const scheduler = shared?.scheduler ?? options.scheduler ?? realScheduler(options.clock, timeScale)
  const recipients = new RecipientBook()
  const callbacks = new CallbackSender({
    // Twilio signs webhooks with the account's auth token.
    authToken: callbackAuthToken,
    scheduler,
    state,
    log: options.log,
    retryDelaysMs: options.callbacks?.retryDelaysMs,
    timeoutMs: options.callbacks?.timeoutMs,
    loopbackOnly: !options.callbacks?.anyHost
  })
  return {
    region,
    foreignNumbers: new Set(),
    account,
    credentials,
    callbackAuthToken,
    state,
    faults: shared?.faults ?? new FaultInjector(options.faults),
    clock: () => scheduler.now(),
    scheduler,
    timeScale,
    recipients,
    callbacks,
    lifecycle: new Lifecycle({ account, scheduler, recipients, callbacks, stepMs: options.stepMs }),
    log: options.log
  }
}

/** Clears messages, counters, sessions, opt-outs, pending transitions and callbacks; fault settings stay. */
export function resetContext(context: EmulatorContext): void {
  context.lifecycle.reset()
  context.callbacks.reset()
  context.recipients.reset()
  for (const service of context.account.services) service.statusCallback = null
  context.state.reset()
  context.faults.reseed()
}
