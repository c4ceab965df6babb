// The magic phone numbers of Twilio's test credentials (twilio-facts.md), which the emulator answers as Twilio does.

/** The magic number of Twilio's test credentials that always succeeds as From. */
export const MAGIC_FROM_OK = '+15005550006'
