// The destination and the dev tools read no TWILIO_MESSAGING_* variable, and none of them sets one: a test takes the
// variables under that prefix before it starts anything and checks afterwards that they are as they were (a
// developer's shell may still export one from an older version; that is no failure of the code under test).

/** The old variables' prefix (the base URL, the send timeout, read-back waits, batch concurrency, cache size). */
export const OLD_PREFIX = 'TWILIO_MESSAGING_'

/** The process environment's variables under the prefix, by name. */
export function twilioMessagingVariables(env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith(OLD_PREFIX)))
}
