// What quiet hours decided for each sent message (the destination's `quietHours` beside Twilio's answer: sent at
// once, or scheduled for when), as entries of the dev server's answer after the exchanges.

/** Says what quiet hours did with a message: `Quiet Hours: scheduled for …, 08:00 America/Chicago, quiet hours`. */
export interface NoteEntry {
  note: true
  message: string
  /** The event of a batch it is about. */
  eventIndex?: number
}

const note = (data: unknown, eventIndex?: number): NoteEntry[] => {
  const said = (data as { quietHours?: unknown } | null | undefined)?.quietHours
  if (typeof said !== 'string') return []
  return [{ note: true, message: `Quiet Hours: ${said}.`, ...(eventIndex !== undefined ? { eventIndex } : {}) }]
}

/** From what `perform` returned (actions-core's results: the last `data`). */
export function performNotes(results: unknown, eventIndex?: number): NoteEntry[] {
  if (!Array.isArray(results)) return []
  const last = [...(results as Array<{ data?: unknown }>)].reverse().find((result) => result?.data !== undefined)
  return note(last?.data, eventIndex)
}

/** From a batch's per-event answers (the multistatus nodes' bodies). */
export function batchNotes(nodes: unknown): NoteEntry[] {
  if (!Array.isArray(nodes)) return []
  return nodes.flatMap((node, eventIndex) => note((node as { body?: unknown } | null)?.body, eventIndex))
}
