// The offline Twilio emulator: `startEmulator()` for tests and benchmarks, `npm run emulator` for people.
export { startEmulator, createEmulatorApp, createEmulatorContext, ADMIN_PREFIX } from './server'
export type { EmulatorOptions, EmulatorContext, RunningEmulator } from './server'
export { DEMO_CREDENTIALS, MAGIC_FROM_OK, createDemoAccount, stableSid } from './seed'
export type { DemoAccount, EmulatorCredentials, SeedOptions } from './seed'
export { validateMessageCreate, countSegments, renderContent } from './validate'
export type { AcceptedMessage, FormParams, ValidationResult } from './validate'
export type { FaultOptions, ResolvedFaults } from './faults'
export type { EmulatorCounters, StoredMessage } from './state'
