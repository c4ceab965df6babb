// What every dropdown handler shares: its input, the wrapper that turns any failure into an error response a
// marketer can act on, and the readers of the payload and settings.
import type { ActionDefinition, DynamicFieldResponse, Features, RequestClient } from '@segment/actions-core'
import type { Settings } from '../generated-types'
import type { Payload } from './generated-types'
import { CHANNELS, describeLookupFailure, normalizeChannel, readTwilioTarget, settingsProblem } from '../twilio'
import type { Channel, TwilioTarget } from '../twilio'
import { channelRegionProblem } from './region-rules'

export type DynamicFields = NonNullable<ActionDefinition<Settings, Payload>['dynamicFields']>

/** What a dynamic-field call carries: the settings and whatever the user has mapped so far (maybe nothing). */
export interface LookupInput {
  settings: Settings
  payload?: Partial<Payload>
  /** Segment's feature flags (flags.ts). */
  features?: Features
}

export type Lookup = (request: RequestClient, input: LookupInput) => Promise<DynamicFieldResponse>

/** Thrown inside a handler to end it with an error response; everything else is mapped by describeLookupFailure. */
class LookupStop extends Error {
  constructor(readonly code: string, message: string) {
    super(message)
  }
}

export const stop = (code: string, message: string): never => {
  throw new LookupStop(code, message)
}

export const errorResponse = (code: string, message: string): DynamicFieldResponse => ({
  choices: [],
  error: { code, message }
})

/** Wraps a handler so that it never throws, whatever happens inside. */
export function safe(what: string, lookup: Lookup, notFoundHint?: string) {
  return async (request: RequestClient, input: LookupInput): Promise<DynamicFieldResponse> => {
    try {
      return await lookup(request, input)
    } catch (error) {
      if (error instanceof LookupStop) return errorResponse(error.code, error.message)
      const failure = describeLookupFailure(error, what, notFoundHint)
      return errorResponse(failure.code, failure.message)
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the payload and the settings

export function requireChannel(payload: Partial<Payload> | undefined, forWhat: string): Channel {
  const channel = normalizeChannel(payload?.channel)
  if (!channel) {
    const got =
      typeof payload?.channel === 'string' && payload.channel.trim() ? ` ('${payload.channel}' is not one)` : ''
    return stop(
      'CHANNEL_REQUIRED',
      `Pick the Channel first${got}: ${forWhat} depend on it. Channels: ${CHANNELS.join(', ')}.`
    )
  }
  return channel
}

/** The region (and edge) of the settings; one that is not in the known tables ends the lookup, before any request. */
export function requireTarget(settings: Settings | undefined): TwilioTarget {
  const read = readTwilioTarget(settings)
  return 'target' in read ? read.target : stop('INVALID_SETTINGS', read.problem)
}

/**
 * Malformed credentials, region or edge end the lookup before any request (the Account SID goes into URL paths, the
 * region picks the host); the region and edge to address otherwise.
 */
export function requireSettings(settings: Settings | undefined): TwilioTarget {
  const problem = settingsProblem(settings)
  if (problem) stop('INVALID_SETTINGS', problem)
  return requireTarget(settings)
}

/** The channel, when the region of the settings sends it (`forWhat` as in requireChannel). */
export function requireRegionalChannel(
  input: LookupInput,
  forWhat: string
): { channel: Channel; target: TwilioTarget } {
  const channel = requireChannel(input.payload, forWhat)
  const target = requireTarget(input.settings)
  const problem = channelRegionProblem(channel, target.region)
  return problem ? stop('NOT_IN_REGION', problem) : { channel, target }
}

/** A friendly name fit for `Name [SID]`: one line (extractSid reads the last bracketed token, so brackets are fine). */
export function displayName(value: unknown, fallback: string): string {
  const name = typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : ''
  return name || fallback
}

/** Adds a note to the response when the page cap stopped a list early, so nobody mistakes it for everything. */
export function withTruncationNote(
  response: DynamicFieldResponse,
  truncated: boolean,
  what: string,
  typeHint: string
): DynamicFieldResponse {
  if (!truncated || response.error) return response
  return {
    ...response,
    error: {
      code: 'LIST_TRUNCATED',
      message: `This account has more ${what} than the list can show (the first ${response.choices.length.toLocaleString(
        'en-US'
      )} are listed): ${typeHint}`
    }
  }
}
