// What this action reads of actions-core beyond the fields ExecuteInput declares, in one place.
// actions-core 3.170.0, destination-kit/action.js: `execute` (perform) and `executeBatch` (performBatch) both build
// the input they pass with `rawData: bundle.data` and `rawMapping: bundle.mapping`, beside the declared fields.
// - rawData: the event (in a batch, every event, those that failed validation included), for placeholders such as
//   `{{first_name}}`, which the mapping engine leaves as typed, and for pairing batch payloads with their events.
// - rawMapping: the subscription's mapping as saved, to tell text the user typed (placeholders are filled) from
//   text a directive produced out of event data (braces there are data, never placeholders).
// Should a later actions-core drop them, events arrive as undefined: placeholders then fail with a message naming
// the field, and nothing is sent with a guessed value.

interface Undeclared {
  rawData?: unknown
  rawMapping?: unknown
}

/** The unmapped event of a `perform` input. */
export function rawEvent(input: object): unknown {
  return (input as Undeclared).rawData
}

/** Every unmapped event of a `performBatch` input, in the order Segment sent them. */
export function rawEvents(input: object): unknown[] {
  const events = (input as Undeclared).rawData
  return Array.isArray(events) ? events : []
}

/** The saved mapping, before the mapping engine resolved it. */
export function rawMapping(input: object): unknown {
  return (input as Undeclared).rawMapping
}
