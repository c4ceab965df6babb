// The Twilio Regions and edge locations this destination can send through, and what Programmable Messaging does in
// each (docs/fields.md, "Twilio Region", cites Twilio's pages). A region or edge from the settings is only ever a
// key into these tables: it is checked against them before anything else, and no host name is built from its text.
import type { Channel } from './channels'

/** Regions where Twilio runs Programmable Messaging: US1 (the default) and IE1 (Ireland, EU data residency). */
export const TWILIO_REGIONS = ['us1', 'ie1'] as const
export type TwilioRegion = typeof TWILIO_REGIONS[number]

/** Edge locations that reach those regions (Twilio's Edge Locations list; only these pairs, see REGIONS). */
export const TWILIO_EDGES = ['ashburn', 'umatilla', 'dublin'] as const
export type TwilioEdge = typeof TWILIO_EDGES[number]

export const DEFAULT_REGION: TwilioRegion = 'us1'

export interface RegionProfile {
  /** How the region is named in a sentence. */
  name: string
  /** The edges that may be chosen with it. */
  edges: readonly TwilioEdge[]
  /**
   * The edge used when none is chosen, or none for the plain hosts (api.twilio.com). IE1 always names its edge:
   * api.ie1.twilio.com was processed in US1 and is retired (Twilio's API domain migration guide).
   */
  defaultEdge?: TwilioEdge
  /** Channels Twilio sends there. */
  channels: readonly Channel[]
  /** Twilio error code refusing MediaUrl there, or undefined where media is sent. */
  mediaRefusal?: number
  /** Twilio error code refusing ContentSid / ContentVariables there, or undefined where templates are sent. */
  templateRefusal?: number
  /** Twilio error code refusing a +1 (North American) number as a sender there, or undefined where it may send. */
  northAmericanSenderRefusal?: number
  /**
   * Twilio error code for a short code as the sender there (its messaging region cannot be this one, so Twilio
   * answers as for any number of another region), or undefined where short codes send.
   */
  shortCodeRefusal?: number
}

export const REGIONS: Record<TwilioRegion, RegionProfile> = {
  us1: {
    name: 'the United States region (US1)',
    edges: ['ashburn', 'umatilla'],
    channels: ['SMS', 'MMS', 'Whatsapp', 'RCS', 'Messenger']
  },
  ie1: {
    name: 'the Ireland region (IE1)',
    edges: ['dublin'],
    defaultEdge: 'dublin',
    // "Programmable Messaging (SMS)" is what Twilio's Regional product availability lists for IE1.
    channels: ['SMS'],
    mediaRefusal: 21670,
    templateRefusal: 21671,
    northAmericanSenderRefusal: 21668,
    shortCodeRefusal: 21663
  }
}

declare const checkedTarget: unique symbol

/**
 * Where this destination's requests go: a region and maybe an edge that passed readTwilioTarget. Only that function
 * (and US1_TARGET) makes one, so a value that reaches the URL builders (hosts.ts) has been checked.
 */
export interface TwilioTarget {
  readonly region: TwilioRegion
  readonly edge?: TwilioEdge
  readonly [checkedTarget]: true
}

const target = (region: TwilioRegion, edge?: TwilioEdge): TwilioTarget =>
  Object.freeze(edge ? { region, edge } : { region }) as TwilioTarget

/** Today's behaviour: api.twilio.com, messaging.twilio.com, content.twilio.com. */
export const US1_TARGET: TwilioTarget = target('us1')

/** Every target the tables allow: each region without an edge (when it has no default edge) and with each edge. */
export const KNOWN_TARGETS: readonly TwilioTarget[] = TWILIO_REGIONS.flatMap((region) => [
  ...(REGIONS[region].defaultEdge ? [] : [target(region)]),
  ...REGIONS[region].edges.map((edge) => target(region, edge))
])

export interface RegionSettings {
  region?: unknown
  edge?: unknown
}

const REGION_LABEL = 'Twilio Region (region)'
const EDGE_LABEL = 'Twilio Edge Location (edge)'

/** A value as it may be repeated in a message: short, one line. */
function shown(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
}

const regionChoices = () => `${TWILIO_REGIONS.map((region) => `'${region}'`).join(' or ')}`

function edgeChoices(region: TwilioRegion): string {
  const { edges, defaultEdge } = REGIONS[region]
  const listed = edges.map((edge) => `'${edge}'`).join(' or ')
  return defaultEdge ? `${listed} (or leave it empty)` : `${listed}, or leave it empty for Twilio's own choice`
}

/**
 * The region and edge of the settings, checked against the tables above, or what is wrong with them in words that
 * name the setting and the fix. Empty means the default (US1; IE1's own edge), so saved settings keep working.
 */
export function readTwilioTarget(given: unknown): { target: TwilioTarget } | { problem: string } {
  const settings = given && typeof given === 'object' ? (given as RegionSettings) : undefined
  const rawRegion = settings?.region
  if (rawRegion !== undefined && rawRegion !== null && typeof rawRegion !== 'string') {
    return { problem: `${REGION_LABEL} in the destination settings must be text: choose ${regionChoices()}.` }
  }
  const regionText = (rawRegion ?? '').trim().toLowerCase()
  const region = regionText === '' ? DEFAULT_REGION : TWILIO_REGIONS.find((known) => known === regionText)
  if (!region) {
    return {
      problem: `${REGION_LABEL} ${shown(
        String(rawRegion)
      )} in the destination settings is not a Twilio Region that sends messages: choose 'us1' (United States, the default) or 'ie1' (Ireland, for EU data residency).`
    }
  }
  const rawEdge = settings?.edge
  if (rawEdge !== undefined && rawEdge !== null && typeof rawEdge !== 'string') {
    return { problem: `${EDGE_LABEL} in the destination settings must be text: choose ${edgeChoices(region)}.` }
  }
  const edgeText = (rawEdge ?? '').trim().toLowerCase()
  if (edgeText === '') return { target: target(region, REGIONS[region].defaultEdge) }
  const edge = REGIONS[region].edges.find((known) => known === edgeText)
  if (!edge) {
    const elsewhere = TWILIO_REGIONS.find((other) => REGIONS[other].edges.some((known) => known === edgeText))
    const why = elsewhere
      ? `reaches ${REGIONS[elsewhere].name}, not ${REGIONS[region].name}`
      : `is not an edge location that reaches ${REGIONS[region].name}`
    return {
      problem: `${EDGE_LABEL} ${shown(String(rawEdge))} in the destination settings ${why}: choose ${edgeChoices(
        region
      )}.`
    }
  }
  return { target: target(region, edge) }
}

/** The region of settings, or undefined when they name none that readTwilioTarget accepts (its caller refuses them). */
export function settingsRegion(settings: unknown): TwilioRegion | undefined {
  const read = readTwilioTarget(settings && typeof settings === 'object' ? settings : undefined)
  return 'target' in read ? read.target.region : undefined
}

/** `IE1`, `US1`: how a region is shown next to a value. */
export const regionCode = (region: TwilioRegion): string => region.toUpperCase()
