// The credentials the emulator accepts: the demo account's by default, or the ones a caller passes.
export interface EmulatorCredentials {
  accountSid: string
  apiKeySid: string
  apiKeySecret: string
  /** Optional: lets `AccountSid:AuthToken` Basic auth in too (the main account credential on real Twilio). */
  authToken?: string
}

/** Obviously fake, fixed credentials of the demo account. */
export const DEMO_CREDENTIALS: Readonly<Required<EmulatorCredentials>> = Object.freeze({
  accountSid: 'ACdeadbeefdeadbeefdeadbeefdeadbeef',
  apiKeySid: 'SKdecafbaddecafbaddecafbaddecafbad',
  apiKeySecret: 'emulator-demo-secret-not-a-real-key',
  authToken: 'emulator-demo-auth-token-not-real'
})

/**
 * The demo account's credentials in IE1: the same Account SID, with an API key and auth token of that region (Twilio
 * API keys and auth tokens are region-specific: US1 ones are refused in IE1, and the other way round).
 */
export const IE1_DEMO_CREDENTIALS: Readonly<Required<EmulatorCredentials>> = Object.freeze({
  accountSid: DEMO_CREDENTIALS.accountSid,
  apiKeySid: 'SKd0b11ed0b11ed0b11ed0b11ed0b11e01',
  apiKeySecret: 'emulator-ie1-demo-secret-not-a-real-key',
  authToken: 'emulator-ie1-demo-auth-token-not-real'
})
