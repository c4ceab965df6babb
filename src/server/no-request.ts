// The entry reported when an action finished without any HTTP request (duplicate protection answered, say).

/** The action finished without any HTTP request (duplicate protection answered): what it returned, and why. */
export interface NoRequestEntry {
  noRequest: true
  message: string
  result?: unknown
}

/** Explains an action that made no request, with the value `perform` returned (its last result's `data`). */
export function noRequestEntry(results: unknown): NoRequestEntry {
  const data = Array.isArray(results)
    ? (results as Array<{ data?: unknown }>).reverse().find((result) => result?.data !== undefined)?.data
    : undefined
  const recorded = data as { sid?: unknown; duplicate?: unknown } | undefined
  const message =
    recorded?.duplicate === true
      ? `No request was made: Twilio already accepted this event (same messageId) as ${String(recorded.sid)}, so duplicate protection answered with that result. Send the event with a new messageId to send it again.`
      : 'No request was made: the action finished without an HTTP request.'
  return { noRequest: true, message, ...(data !== undefined ? { result: data } : {}) }
}
