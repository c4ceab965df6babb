// The emulator's parts for one run: the demo account, state, faults, and the message lifecycle (clock and timers,
// recipients' replies, status callbacks), built from the options; reset clears what a run accumulated.
import { randomBytes } from 'node:crypto'
import { CallbackSender } from './callbacks'
import { Scheduler, realScheduler } from './clock'
import { FaultInjector, FaultOptions } from './faults'
import { Lifecycle } from './lifecycle'
import { RecipientBook } from './recipients'
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
export function acceptedCredentials(given: Partial<EmulatorCredentials> | undefined): EmulatorCredentials {
  const custom = Object.values(given ?? {}).some((value) => value !== undefined)
  if (!custom) return { ...DEMO_CREDENTIALS }
  const credentials: EmulatorCredentials = {
    accountSid: DEMO_CREDENTIALS.accountSid,
    apiKeySid: DEMO_CREDENTIALS.apiKeySid,
    apiKeySecret: DEMO_CREDENTIALS.apiKeySecret
  }
  for (const [key, value] of Object.entries(given ?? {})) {
    if (value !== undefined) credentials[key as keyof EmulatorCredentials] = value
  }
  return credentials
}

export function createEmulatorContext(options: EmulatorOptions = {}): EmulatorContext {
  const credentials = acceptedCredentials(options.credentials)
  const callbackAuthToken = credentials.authToken ?? randomBytes(16).toString('hex')
  const account = createDemoAccount(credentials.accountSid, options.seed)
  const state = new EmulatorState()
  const timeScale = options.timeScale ?? 1
  const scheduler = options.scheduler ?? realScheduler(options.clock, timeScale)
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
    account,
    credentials,
    callbackAuthToken,
    state,
    faults: new FaultInjector(options.faults),
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
