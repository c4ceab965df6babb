// Segment's feature flags for this destination, read the way the live destination reads its own: from `features`
// in the action's input, `features && features[FLAG]`, where off (false or absent) keeps today's behaviour.
import type { Features } from '@segment/actions-core'
import { settingsRegion } from '../twilio'
import type { BuildContext } from './build-request'
import { rawEvent, rawMapping } from './framework'
import type { Tuning } from './tuning'

export const FLAGS = {
  /** The live destination's: Messenger is offered in the Channel dropdown only when on. */
  messenger: 'actions-twilio-messenger-facebook',
  /** The live destination's: Content Variables values are sent as text only when on (as JSON values when off). */
  contentVariablesAsText: 'twilio-messaging-stringify-content-variables'
} as const

/** What each flag changes, in a sentence (the dev tools show them beside their switches). */
export const FLAG_DESCRIPTIONS: Record<string, string> = {
  [FLAGS.messenger]: 'Offer Messenger in the Channel dropdown.',
  [FLAGS.contentVariablesAsText]: 'Send Content Variables values as text (numbers and booleans too).'
}

export function isOn(features: Features | undefined, flag: string): boolean {
  return Boolean(features && features[flag])
}

/** What a build context is read from: the action's input (its flags and settings). */
export interface ContextInput {
  features?: Features
  settings?: unknown
}

/**
 * How to build one event's message: its raw event and mapping (for placeholders), the flags in force, the clock (Send At and
 * quiet hours), the Twilio Region of the settings (checked before: an unreadable one is left to that check), and whether this instance sends
 * to a local Twilio stand-in (tuning.ts).
 */
export function buildContextOf(
  input: ContextInput,
  tuning: Pick<Tuning, 'localTwilio' | 'now'>,
  event: unknown,
  mapping: unknown = rawMapping(input)
): BuildContext {
  return {
    event,
    mapping,
    contentVariablesAsText: isOn(input.features, FLAGS.contentVariablesAsText),
    localTwilio: tuning.localTwilio,
    now: new Date(tuning.now()),
    region: settingsRegion(input.settings)
  }
}

/** The build context of a `perform` input. */
export function performBuildContext(input: ContextInput, tuning: Pick<Tuning, 'localTwilio' | 'now'>): BuildContext {
  return buildContextOf(input, tuning, rawEvent(input))
}
