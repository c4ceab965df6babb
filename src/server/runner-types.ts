// What the destination runner takes and answers: the inputs of a send and of a dynamic-field lookup, and the
// results the dev server and `npm run send` report (serve's answer shapes).
import type { DestinationDefinition, JSONObject } from '@segment/actions-core'
import type { ErrorEntry } from './errors'
import type { Exchange } from './exchanges'
import type { NoRequestEntry } from './no-request'
import type { NoteEntry } from './quiet-hours-notes'

export type SendResult = Array<Exchange | ErrorEntry | NoRequestEntry | NoteEntry>

export type AuthenticateResult = { ok: true } | { ok: false; error: string; fields: Record<string, string> }

export interface SendInput {
  payload: unknown
  settings: JSONObject
  mapping?: JSONObject
  auth?: JSONObject
  features?: Record<string, boolean>
  subscriptionMetadata?: JSONObject
  /** Gets errors that answer 5xx, with their stack: the place for a stack trace is the server log, not a response. */
  onUnexpectedError?: (error: unknown) => void
}

export interface DynamicFieldInput {
  settings: JSONObject
  payload?: JSONObject
  /** serve passes `page || 1`: the number 1 on a first request, else the `nextPage` a previous answer gave. */
  page?: string | number
  dynamicFieldContext?: JSONObject
  auth?: JSONObject
  features?: Record<string, boolean>
  /** Gets the error of a handler that threw, with its stack (see SendInput). */
  onUnexpectedError?: (error: unknown) => void
}

export type RefreshResult = { status: 200; body: { ok: true; data: unknown } } | { status: 400; body: RefreshFailure }
export interface RefreshFailure {
  ok: false
  error: unknown
}

/** A destination definition whatever its settings type (the dev server treats settings as JSON). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- DestinationDefinition is invariant in Settings
export type AnyDestinationDefinition = DestinationDefinition<any>
