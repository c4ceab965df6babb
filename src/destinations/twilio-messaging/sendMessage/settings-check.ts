// Settings checked at the start of perform and performBatch. Segment stores whatever the settings form or the
// Public API was given, so a SID can arrive as a number, an object or null: without this check `.trim()` throws
// a TypeError, the framework answers 500 and Segment retries an event that can never succeed.
import { InvalidAuthenticationError } from '@segment/actions-core'
import type { Settings } from '../generated-types'
import { readTwilioTarget, settingsProblem } from '../twilio'
import type { TwilioTarget } from '../twilio'

const SETTINGS: Array<{ key: keyof Settings; label: string; fix: string }> = [
  {
    key: 'accountSID',
    label: 'Twilio Account SID',
    fix: 'paste it as text (AC followed by 32 hexadecimal characters) from Twilio Console > Account Dashboard'
  },
  {
    key: 'apiKeySID',
    label: 'Twilio API Key SID',
    fix: 'paste it as text (SK followed by 32 hexadecimal characters) from Twilio Console > Account > API keys & tokens'
  },
  {
    key: 'apiKeySecret',
    label: 'Twilio API Key Secret',
    fix: 'paste the secret shown when the API key was created'
  }
]

/** The first thing wrong with the settings, in words naming the setting and the fix; undefined when they look right. */
export function settingsShapeProblem(settings: unknown): string | undefined {
  if (!settings || typeof settings !== 'object' || Array.isArray(settings)) {
    return 'The destination settings are missing: fill in Twilio Account SID, Twilio API Key SID and Twilio API Key Secret.'
  }
  const values = settings as Record<string, unknown>
  for (const { key, label, fix } of SETTINGS) {
    const value = values[key]
    if (value === undefined || value === null) return `${label} (${key}) in the destination settings is empty: ${fix}.`
    if (typeof value !== 'string') {
      // The value itself is never repeated: it may be the secret.
      return `${label} (${key}) in the destination settings must be text, not ${describeType(value)}: ${fix}.`
    }
  }
  const problem = settingsProblem(values)
  if (problem) return problem
  const read = readTwilioTarget(values)
  return 'problem' in read ? read.problem : undefined
}

/** The region and edge requests go to, from settings that passed assertUsableSettings (throws like it otherwise). */
export function settingsTarget(settings: Settings): TwilioTarget {
  const read = readTwilioTarget(settings)
  if ('problem' in read) throw new InvalidAuthenticationError(read.problem)
  return read.target
}

/** Throws a final InvalidAuthenticationError (401, not retried) when the settings cannot work; sends nothing. */
export function assertUsableSettings(settings: unknown): asserts settings is Settings {
  const problem = settingsShapeProblem(settings)
  if (problem) throw new InvalidAuthenticationError(problem)
}

function describeType(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}
