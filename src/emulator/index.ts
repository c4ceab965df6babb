// The offline Twilio emulator: `startEmulator()` for tests and benchmarks, `npm run emulator` for people.
export {
  startEmulator,
  createEmulatorApp,
  createEmulatorContext,
  createEmulatorContexts,
  ADMIN_PREFIX,
  regionAdminPrefix
} from './server'
export type { EmulatorOptions, EmulatorContext, EmulatorRegion, RegionView, RunningEmulator } from './server'
export { EMULATOR_REGIONS, KNOWN_HOSTS, TWILIO_HOST_HEADER } from './regions'
export { IE1_DEMO_CREDENTIALS } from './demo-credentials'
export { IE1_DEMO_NUMBERS } from './regional-seed'
export { DEMO_CREDENTIALS, MAGIC_FROM_OK, createDemoAccount, stableSid } from './seed'
export type { DemoAccount, EmulatorCredentials, SeedOptions } from './seed'
export { validateMessageCreate, countSegments, renderContent } from './validate'
export type { AcceptedMessage, FormParams, ValidationResult } from './validate'
export type { FaultOptions, ResolvedFaults } from './faults'
export type { EmulatorCounters, StoredMessage } from './state'
export { ManualTime, realScheduler } from './clock'
export type { Scheduler, TimerHandle } from './clock'
export { twilioSignature, statusCallbackParams } from './callbacks'
export { CARRIER_FAILURES, LATE_FAILURES, DEFAULT_STEP_MS } from './lifecycle'
export type { MessageStatus, StatusEvent, CallbackAttempt } from './state'
