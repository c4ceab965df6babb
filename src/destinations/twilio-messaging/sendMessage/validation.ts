// The few helpers every reader of a payload field shares.
import { PayloadValidationError } from '@segment/actions-core'

/** Rejects the payload with a message that names the field and the fix: final, before any request. */
export const fail = (message: string): never => {
  throw new PayloadValidationError(message)
}

export const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '')

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}
