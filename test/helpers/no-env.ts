// The destination and the dev tools read no TWILIO_MESSAGING_* variable, and none of them sets one: where a test
// checks that nothing was set, it lists what the environment holds under that prefix.

/** The old variables' prefix (the base URL, the send timeout, read-back waits, batch concurrency, cache size). */
export const OLD_PREFIX = 'TWILIO_MESSAGING_'

/** The names of the process environment's variables under the prefix. */
export function twilioMessagingVariables(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.keys(env).filter((name) => name.startsWith(OLD_PREFIX))
}
