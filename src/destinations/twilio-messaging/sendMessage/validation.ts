// The few helpers every reader of a payload field shares.
import { PayloadValidationError } from '@segment/actions-core'

/** Rejects the payload with a message that names the field and the fix: final, before any request. */
export const fail = (message: string): never => {
  throw new PayloadValidationError(message)
}

/** The refusals that depend on the clock (the Send At window): only these can change when the build is redone. */
const clockRuleErrors = new WeakSet<object>()

/** `fail` for a rule that depends on the clock, so that a caller can tell it from every other refusal. */
export const failClockRule = (message: string): never => {
  const error = new PayloadValidationError(message)
  clockRuleErrors.add(error)
  throw error
}

export const brokeClockRule = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && clockRuleErrors.has(error)

export const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
