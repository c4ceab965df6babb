// Runs a destination the way Segment does, for the dev server and `npm run send`: authentication, one event,
// a batch, a dynamic field. Reports every HTTP exchange the destination made (from `destination.responses`).
import { Destination } from '@segment/actions-core'
import type {
  DecoratedResponse,
  DynamicFieldResponse,
  InputField,
  JSONObject,
  SegmentEvent
} from '@segment/actions-core'
import { resolveDynamicHandler, hasOwn } from './dynamic-handler'
import {
  BadRequest,
  DynamicFieldFailure,
  errorCode,
  errorEntry,
  errorFields,
  errorMessage,
  errorStatus,
  type ErrorEntry
} from './errors'
import { toExchange, type Exchange } from './exchanges'
import { isObject } from './json'
import { effectiveMapping } from './effective-mapping'
import { noRequestEntry } from './no-request'
import { batchNotes, performNotes } from './quiet-hours-notes'
import { unknownKeysMessage } from './unknown-keys'
import { entryInPlainWords } from './schema-words'
import { checkRequestShape, checkShape } from './request-shape'
import type {
  AnyDestinationDefinition,
  AuthenticateResult,
  DynamicFieldInput,
  RefreshResult,
  SendInput,
  SendResult
} from './runner-types'

export { BadRequest, DynamicFieldFailure, errorEntry, errorFields, errorMessage, type ErrorEntry } from './errors'
export { toExchange, type Exchange } from './exchanges'
export { resolveDynamicHandler } from './dynamic-handler'
export { isObject } from './json'
export { defaultMapping, effectiveMapping } from './effective-mapping'
export type { NoRequestEntry } from './no-request'
export type { NoteEntry } from './quiet-hours-notes'
export type {
  AnyDestinationDefinition,
  AuthenticateResult,
  DynamicFieldInput,
  RefreshFailure,
  RefreshResult,
  SendInput,
  SendResult
} from './runner-types'

/** What a send and a dynamic-field lookup carry, each checked for its shape before any work. */
const SEND_INPUTS = ['mapping', 'payload', 'settings', 'auth', 'features', 'subscriptionMetadata'] as const
const DYNAMIC_FIELD_INPUTS = ['payload', 'settings', 'auth', 'features', 'dynamicFieldContext'] as const

/** actions-core's executeAction is protected; the dev server is exactly the kind of host that needs it. */
class RunnableDestination extends Destination {
  runAction(actionSlug: string, input: Parameters<Destination['executeAction']>[1]) {
    return this.executeAction(actionSlug, input)
  }
}

export class DestinationRunner {
  readonly destination: RunnableDestination
  /** One operation at a time: `destination.responses` is shared, so concurrent requests would mix exchanges. */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(readonly definition: AnyDestinationDefinition) {
    this.destination = new RunnableDestination(definition)
  }

  private entry(actionSlug: string, error: unknown, input: SendInput, exchanges: Exchange[]): ErrorEntry {
    const entry = errorEntry(error, input.settings, exchanges)
    if (entry.statusCode >= 500) input.onUnexpectedError?.(error)
    return this.inPlainWords(actionSlug, entry)
  }

  /** actions-core's schema text in the action's own words (schema-words.ts), message and fields alike. */
  private inPlainWords<T extends { message: string; fields?: Record<string, string> }>(
    actionSlug: string,
    entry: T
  ): T {
    const actions = this.definition.actions as Record<string, { fields?: Record<string, InputField> }> | undefined
    return entryInPlainWords(entry, actions?.[actionSlug]?.fields ?? {})
  }

  /** The definition as JSON (functions dropped), as `GET /manifest` serves it. */
  manifest(): unknown {
    return JSON.parse(JSON.stringify(this.definition))
  }

  actionSlugs(): string[] {
    return Object.keys(this.definition.actions ?? {})
  }

  private action(slug: string) {
    const definition = (this.definition.actions as Record<string, unknown> | undefined)?.[slug]
    if (!definition || !Object.prototype.hasOwnProperty.call(this.definition.actions, slug)) {
      throw new BadRequest(
        `Unknown action '${slug}'. This destination has: ${this.actionSlugs().join(', ') || 'no actions'}.`,
        404
      )
    }
    return definition as {
      fields: Record<string, { default?: unknown }>
      dynamicFields?: Record<string, unknown>
      performBatch?: unknown
    }
  }

  supportsBatch(slug: string): boolean {
    return typeof this.action(slug).performBatch === 'function'
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work)
    this.queue = run.catch(() => undefined)
    return run
  }

  /** Runs `work`, collects the exchanges it caused, and always clears `destination.responses`. */
  private async withExchanges<T>(
    work: () => Promise<T>
  ): Promise<{ value?: T; error?: unknown; exchanges: Exchange[] }> {
    const responses = this.destination.responses as DecoratedResponse[]
    responses.length = 0
    try {
      const value = await work()
      return { value, exchanges: responses.map(toExchange) }
    } catch (error) {
      return { error, exchanges: responses.map(toExchange) }
    } finally {
      responses.length = 0
    }
  }

  /**
   * A required setting left out is passed as empty text, so the destination's own check names it and the fix
   * (the words POST /<action> gives) instead of the schema's "The root value is missing the required field".
   */
  private withRequiredSettings(settings: JSONObject): JSONObject {
    const fields = (this.definition.authentication as { fields?: Record<string, { required?: boolean }> } | undefined)
      ?.fields
    const missing = Object.entries(fields ?? {}).filter(([key, field]) => field.required && !(key in settings))
    return { ...Object.fromEntries(missing.map(([key]) => [key, ''])), ...settings }
  }

  authenticate(posted: JSONObject): Promise<AuthenticateResult> {
    const settings = this.withRequiredSettings(posted)
    checkShape(settings, 'settings')
    return this.exclusive(async () => {
      const { error } = await this.withExchanges(() => this.destination.testAuthentication(settings))
      if (!error) return { ok: true as const }
      return { ok: false as const, error: errorMessage(error), fields: errorFields(error, settings) }
    })
  }

  /** serve's POST /refreshAccessToken: settings `{}` and the body as the OAuth data; 400 `{ok: false, error}` on failure. */
  refreshAccessToken(oauthData: JSONObject): Promise<RefreshResult> {
    return this.exclusive(async () => {
      const { value, error } = await this.withExchanges(() =>
        this.destination.refreshAccessToken({}, oauthData as never)
      )
      if (!error) return { status: 200 as const, body: { ok: true as const, data: value } }
      const data = (error as { response?: { data?: unknown } }).response?.data
      return { status: 400 as const, body: { ok: false as const, error: data ?? errorMessage(error) } }
    })
  }

  /** Why a mapping cannot run because it names keys that are not fields of the action, in words; else undefined. */
  unknownMappingKeys(actionSlug: string, mapping: JSONObject | undefined): string | undefined {
    return unknownKeysMessage(Object.keys(mapping ?? {}), Object.keys(this.action(actionSlug).fields))
  }

  /** One event through `perform`, or an array through the batch path (see `sendBatch`). */
  async send(actionSlug: string, input: SendInput): Promise<SendResult> {
    checkRequestShape(input as unknown as Record<string, unknown>, SEND_INPUTS)
    const action = this.action(actionSlug)
    const unknown = this.unknownMappingKeys(actionSlug, input.mapping)
    if (unknown) throw new BadRequest(unknown)
    const mapping = effectiveMapping(action.fields, input.mapping, input.payload)
    if (Array.isArray(input.payload)) return this.sendBatch(actionSlug, input.payload, mapping, input)
    if (!isObject(input.payload))
      throw new BadRequest('payload must be a Segment event (a JSON object) or an array of them.')
    const event = input.payload as unknown as SegmentEvent
    return this.exclusive(async () => {
      const { value, error, exchanges } = await this.withExchanges(() =>
        this.destination.runAction(actionSlug, {
          event,
          mapping,
          settings: input.settings,
          auth: input.auth as never,
          features: input.features ?? {},
          subscriptionMetadata: input.subscriptionMetadata as never
        })
      )
      if (error) return [this.entry(actionSlug, error, input, exchanges)]
      return exchanges.length > 0 ? [...exchanges, ...performNotes(value)] : [noRequestEntry(value)]
    })
  }

  /**
   * An array payload: through `performBatch` (executeBatch) when the action has one; otherwise each event runs
   * through `perform` in order, as Segment does for actions without batching. Failed events become error
   * entries carrying their `eventIndex`; the other events still run.
   */
  private async sendBatch(
    actionSlug: string,
    payloads: unknown[],
    mapping: JSONObject,
    input: SendInput
  ): Promise<SendResult> {
    if (payloads.length === 0) throw new BadRequest('payload is an empty array: send at least one event.')
    const bad = payloads.findIndex((item) => !isObject(item))
    if (bad >= 0) throw new BadRequest(`payload[${bad}] is not a Segment event (a JSON object).`)
    const events = payloads as SegmentEvent[]
    const common = {
      mapping,
      settings: input.settings,
      auth: input.auth as never,
      features: input.features ?? {},
      subscriptionMetadata: input.subscriptionMetadata as never
    }
    if (this.supportsBatch(actionSlug)) {
      return this.exclusive(async () => {
        const { value, error, exchanges } = await this.withExchanges(() =>
          this.destination.executeBatch(actionSlug, { ...common, events })
        )
        if (error) return [this.entry(actionSlug, error, input, exchanges)]
        const results: SendResult = [...exchanges]
        ;(value ?? []).forEach((node, eventIndex) => {
          if (node.status >= 400 || 'errormessage' in node) {
            const failed = node as { status: number; errormessage?: string; errortype?: string }
            results.push({
              statusCode: failed.status,
              message: this.inPlainWords(actionSlug, { message: failed.errormessage ?? `Event ${eventIndex} failed` })
                .message,
              ...(failed.errortype ? { code: failed.errortype } : {}),
              requestError: true,
              eventIndex
            })
          }
        })
        results.push(...batchNotes(value))
        return results
      })
    }
    return this.exclusive(async () => {
      const results: SendResult = []
      for (const [eventIndex, event] of events.entries()) {
        const { value, error, exchanges } = await this.withExchanges(() =>
          this.destination.runAction(actionSlug, { ...common, event })
        )
        if (error) results.push({ ...this.entry(actionSlug, error, input, exchanges), eventIndex })
        else results.push(...exchanges, ...performNotes(value, eventIndex))
      }
      return results
    })
  }

  /** `field` may be dotted (`contentVariables.__keys__`, `contentVariables.someKey`) or indexed (`items.[0].sku`). */
  async dynamicField(actionSlug: string, field: string, input: DynamicFieldInput): Promise<DynamicFieldResponse> {
    checkRequestShape(input as unknown as Record<string, unknown>, DYNAMIC_FIELD_INPUTS)
    const action = this.action(actionSlug)
    const base = field.split('.')[0]
    if (!hasOwn(action.fields, base)) {
      throw new BadRequest(
        `Action '${actionSlug}' has no field '${base}'. Its fields: ${Object.keys(action.fields).join(', ')}.`,
        404
      )
    }
    if (!action.dynamicFields || !hasOwn(action.dynamicFields, base)) {
      throw new BadRequest(
        `Field '${base}' of action '${actionSlug}' has no dynamic choices (no dynamicFields handler).`,
        404
      )
    }
    const resolved = resolveDynamicHandler(action.dynamicFields, field)
    if (!resolved) throw new BadRequest(`Action '${actionSlug}' has no dynamic handler for '${field}'.`, 404)
    return this.exclusive(async () => {
      // The handler is passed in (actions-core then calls it as is), so a dotted name is never looked up through
      // an object's prototype (`contentVariables.constructor` must not call Object).
      const { value, error } = await this.withExchanges(() =>
        this.destination.executeDynamicField(
          actionSlug,
          field,
          {
            settings: input.settings,
            payload: input.payload ?? {},
            page: input.page,
            dynamicFieldContext: resolved.context ?? input.dynamicFieldContext,
            auth: input.auth,
            features: input.features
          } as never,
          resolved.handler as never
        )
      )
      if (error) {
        input.onUnexpectedError?.(error)
        throw new DynamicFieldFailure(errorMessage(error), String(errorCode(error) ?? errorStatus(error)))
      }
      return (Array.isArray(value) ? { choices: [] } : value) as DynamicFieldResponse
    })
  }
}
