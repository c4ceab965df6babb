// Messages create, ContentSid and ContentVariables: the template must be one of the account's, and the variables
// a JSON object of non-empty strings within Twilio's limits (21655, 21656).
import { CONTENT_SID_PATTERN, LIMITS } from '../destinations/twilio-messaging/twilio'
import { Refusal, refuse } from './accepted-message'
import type { SeedContent } from './demo-content-templates'
import type { DemoAccount } from './seed'

export type CheckedContent = { ok: true; content: SeedContent; variables: Record<string, string> | null }

/** `rawVariables` is the ContentVariables parameter as sent; absent or empty means none. */
export function checkContent(
  contentSid: string,
  rawVariables: string | undefined,
  account: DemoAccount
): CheckedContent | Refusal {
  const content = CONTENT_SID_PATTERN.test(contentSid)
    ? account.contents.find((candidate) => candidate.sid === contentSid)
    : undefined
  if (!content) return refuse(21655, 'The Content SID is Invalid.')
  if (rawVariables === undefined || rawVariables === '') return { ok: true, content, variables: null }
  let parsed: unknown
  try {
    parsed = JSON.parse(rawVariables)
  } catch {
    return refuse(21656, 'The ContentVariables Parameter is invalid: not valid JSON.')
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return refuse(21656, 'The ContentVariables Parameter is invalid: expected a JSON object.')
  }
  const entries = Object.entries(parsed as Record<string, unknown>)
  if (entries.length > LIMITS.contentVariables) {
    return refuse(21656, `The ContentVariables Parameter is invalid: more than ${LIMITS.contentVariables} variables.`)
  }
  for (const [key, value] of entries) {
    if (key.length === 0 || key.length > LIMITS.contentVariableKeyLength) {
      return refuse(21656, `The ContentVariables Parameter is invalid: key '${key.slice(0, 40)}' is too long.`)
    }
    if (typeof value !== 'string' || value.trim() === '') {
      return refuse(21656, `The ContentVariables Parameter is invalid: value of '${key}' must be a non-empty string.`)
    }
  }
  return { ok: true, content, variables: Object.fromEntries(entries) as Record<string, string> }
}
