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
