// The emulator's parts for one run: the demo account, state, faults, and the message lifecycle (clock and timers,
// recipients' replies, status callbacks), built from the options; reset clears what a run accumulated.
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
  /** Defaults: DEMO_CREDENTIALS. */
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

export function createEmulatorContext(options: EmulatorOptions = {}): EmulatorContext {
  const credentials: EmulatorCredentials = { ...DEMO_CREDENTIALS, ...options.credentials }
  const account = createDemoAccount(credentials.accountSid, options.seed)
  const state = new EmulatorState()
  const timeScale = options.timeScale ?? 1
  const scheduler = options.scheduler ?? realScheduler(options.clock, timeScale)
  const recipients = new RecipientBook()
  const callbacks = new CallbackSender({
    // Twilio signs webhooks with the account's auth token (the demo account's when none is configured).
    authToken: credentials.authToken ?? DEMO_CREDENTIALS.authToken,
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
