// CPU per event through actions-core (Destination.onEvent, one event at a time, a transport that answers at once
// with bodies that arrive as streams, as node-fetch's do): this destination, the one-field floor, and "before"
// variants that each undo one per-event change of issue 13, all in interleaved rounds of the same process so that
// every before/after pair comes from the same run. Nothing forces a garbage collection between segments, as nothing
// does in production; ours, the floor and the reference also run as twins with a forced collection before each
// segment (V8 then re-optimises in the next one), in the same rounds, so both ways show side by side.
import { Destination } from '@segment/actions-core'
import type { DestinationDefinition, JSONObject, RequestClient } from '@segment/actions-core'
import definition from '../../src/destinations/twilio-messaging'
import type { Settings } from '../../src/destinations/twilio-messaging/generated-types'
import sendMessage from '../../src/destinations/twilio-messaging/sendMessage'
import { clearMemoryDedup } from '../../src/destinations/twilio-messaging/sendMessage/dedup'
import { event, floorDefinition, floorSettings, oursSettings, round1, turnEventLoop } from './fixtures'
import { installInstantTransport } from './instant-transport'
import { differences, ratios, runInterleaved, spread, totalRatio, type Spread, type Variant } from './interleave'
import { cpuResolutionUs, cpuSource } from './thread-cpu'

type ExtendRequest = NonNullable<DestinationDefinition<Settings>['extendRequest']>

/** The name suffix of a twin with a forced garbage collection before each of its segments. */
export const FORCED_GC = ' (GC forced before each segment)'

/** What each per-event change replaced, so that a variant can put it back. */
interface Undo {
  /** username/password options: actions-core's beforeRequest hook rebuilds the request to add the header. */
  basicAuthOptions?: boolean
  /** An `Accept: application/json` header merged into every request. */
  acceptHeader?: boolean
  /** The Create Message response cloned before it is read. */
  responseCloning?: boolean
}

function variantDefinition(undo: Undo): DestinationDefinition<Settings> {
  const ours = definition.extendRequest as ExtendRequest
  const extendRequest: ExtendRequest = (context) => {
    const base = undo.basicAuthOptions
      ? { username: context.settings.apiKeySID?.trim(), password: context.settings.apiKeySecret }
      : ours(context)
    return undo.acceptHeader ? { ...base, headers: { ...base.headers, Accept: 'application/json' } } : base
  }
  const perform = sendMessage.perform as (request: RequestClient, data: unknown) => unknown
  const actions = undo.responseCloning
    ? {
        sendMessage: {
          ...sendMessage,
          perform: ((request: RequestClient, data: unknown) =>
            perform(
              ((url: string, options?: object) =>
                request(url, { ...options, skipResponseCloning: false })) as RequestClient,
              data
            )) as never
        }
      }
    : definition.actions
  return { ...definition, extendRequest, actions: actions as DestinationDefinition<Settings>['actions'] }
}

function destinationVariant(name: string, destination: Destination<never>, settings: JSONObject): Variant {
  let checked = false
  return {
    name,
    async run(n) {
      for (let i = 0; i < n; i++) {
        const results = await destination.onEvent(event(), settings)
        destination.responses.length = 0
        if (i % 100 === 99) await turnEventLoop()
        if (!checked) {
          checked = true
          if (JSON.stringify(results).includes('"error"')) throw new Error(`${name}: ${JSON.stringify(results)}`)
        }
      }
    }
  }
}

export interface CpuCostOptions {
  rounds: number
  events: number
  /** Extra variants (e.g. the phone fast path turned off), measured against `ours` like the others. */
  extraVariants?: Array<{ name: string; change: string; variant: (name: string) => Variant }>
}

export interface VariantSummary {
  js: Spread
  all: Spread
  eventsPerSecond: Spread
}

export async function cpuCost(options: CpuCostOptions) {
  const ours = new Destination(definition) as unknown as Destination<never>
  const variants: Variant[] = [
    destinationVariant('ours', ours, oursSettings()),
    destinationVariant('floor', new Destination(floorDefinition) as unknown as Destination<never>, floorSettings)
  ]
  const changes: Array<{ name: string; change: string }> = [
    { name: 'before: basic auth as username/password', change: 'auth as a precomputed Authorization header' },
    { name: 'before: Accept header', change: 'no Accept header' },
    { name: 'before: response cloning', change: 'Create Message response read without cloning' }
  ]
  const undos: Undo[] = [{ basicAuthOptions: true }, { acceptHeader: true }, { responseCloning: true }]
  // Reference: this action's fields, mapping, settings and auth header with the floor's perform, so the share of the
  // gap that is actions-core mapping and validating 18 fields (not our perform) is visible.
  variants.push(
    destinationVariant(
      'reference: our fields and mapping, floor perform',
      new Destination({
        ...definition,
        actions: {
          sendMessage: {
            ...sendMessage,
            perform: (request) => request('https://floor.example/send', { method: 'POST', json: { text: 'hi' } })
          }
        }
      } as DestinationDefinition<Settings>) as never,
      oursSettings()
    )
  )
  changes.forEach((change, i) =>
    variants.push(
      destinationVariant(change.name, new Destination(variantDefinition(undos[i])) as never, oursSettings())
    )
  )
  for (const extra of options.extraVariants ?? []) {
    changes.push({ name: extra.name, change: extra.change })
    variants.push(extra.variant(extra.name))
  }
  const reference = 'reference: our fields and mapping, floor perform'
  const headline = ['ours', 'floor', reference]
  for (const name of headline) {
    const base = variants.find((variant) => variant.name === name) as Variant
    variants.push({ name: `${name}${FORCED_GC}`, run: (n) => base.run(n) })
  }
  const gc = (globalThis as { gc?: () => void }).gc
  const uninstall = installInstantTransport()
  try {
    const figures = await runInterleaved(variants, {
      rounds: options.rounds,
      events: options.events,
      warmupEvents: 500,
      beforeSegment: (variant) => {
        clearMemoryDedup()
        if (variant.name.endsWith(FORCED_GC)) gc?.()
      }
    })
    const summarize = (name: string): VariantSummary => ({
      js: spread(figures[name].js),
      all: spread(figures[name].all),
      eventsPerSecond: spread(figures[name].rate)
    })
    const summaries = Object.fromEntries(
      variants
        .filter((variant) => !variant.name.endsWith(FORCED_GC))
        .map((variant) => [variant.name, summarize(variant.name)])
    )
    const forced = (name: string) => figures[`${name}${FORCED_GC}`]
    return {
      gcAvailable: gc !== undefined,
      forcedGc: {
        variants: Object.fromEntries(headline.map((name) => [name, summarize(`${name}${FORCED_GC}`)])),
        ratio: {
          js: spread(ratios(forced('ours').js, forced('floor').js)),
          all: spread(ratios(forced('ours').all, forced('floor').all)),
          referenceJs: spread(ratios(forced(reference).js, forced('floor').js)),
          referenceAll: spread(ratios(forced(reference).all, forced('floor').all))
        }
      },
      cpuSource,
      resolutionMsPerReading: cpuResolutionUs / 1000,
      rounds: options.rounds,
      eventsPerSegment: options.events,
      order: 'rotated each round',
      variants: summaries,
      ratio: {
        js: spread(ratios(figures.ours.js, figures.floor.js)),
        all: spread(ratios(figures.ours.all, figures.floor.all)),
        jsOfTotals: Math.round(totalRatio(figures.ours.js, figures.floor.js) * 100) / 100,
        allOfTotals: Math.round(totalRatio(figures.ours.all, figures.floor.all) * 100) / 100,
        referenceJs: spread(ratios(figures[reference].js, figures.floor.js)),
        referenceAll: spread(ratios(figures[reference].all, figures.floor.all))
      },
      // What each change saves: the variant without it minus ours, round by round (µs per event).
      savings: changes.map((change) => ({
        change: change.change,
        variant: change.name,
        jsUs: spread(differences(figures[change.name].js, figures.ours.js)),
        allUs: spread(differences(figures[change.name].all, figures.ours.all)),
        jsShareOfBefore: round1(
          (spread(differences(figures[change.name].js, figures.ours.js)).median / summaries[change.name].js.median) *
            100
        )
      })),
      target: 'ours / floor <= 1.3 on the JavaScript thread'
    }
  } finally {
    uninstall()
    clearMemoryDedup()
  }
}
