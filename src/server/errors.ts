// The errors of the dev server and how an action's failure is reported: serve's error entry
// `{statusCode, message, fields?, requestError: true}` (without serve's `stack`: stacks stay in the server log).
import type { JSONObject } from '@segment/actions-core'
import type { Exchange } from './exchanges'

/** A request the caller got wrong: the dev server answers it with this status and message. */
export class BadRequest extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 = 400
  ) {
    super(message)
    this.name = 'BadRequest'
  }
}

/** A dynamic-field handler threw: serve answers 500 `[{code, message}]`. */
export class DynamicFieldFailure extends Error {
  constructor(
    message: string,
    readonly code: string
  ) {
    super(message)
    this.name = 'DynamicFieldFailure'
  }
}

export interface ErrorEntry {
  statusCode: number
  message: string
  code?: string
  /** Settings or mapping fields named by a validation error, keyed by field with the message. */
  fields?: Record<string, string>
  requestError: true
  /** In a batch: the index of the event in the posted array. */
  eventIndex?: number
  /** The HTTP exchanges made before the failure (for example Twilio's error response). */
  exchanges?: Exchange[]
}

/** The errors inside an AggregateError (mapping-kit reports every invalid directive of a mapping in one). */
function innerErrors(error: unknown): Error[] | undefined {
  if ((error as Error)?.name !== 'AggregateError') return undefined
  const list = (error as { errors?: unknown }).errors
  if (Array.isArray(list)) return list as Error[]
  const iterable = error as Partial<Iterable<Error>>
  return typeof iterable[Symbol.iterator] === 'function' ? [...(iterable as Iterable<Error>)] : undefined
}

/** A mapping-kit message `/toPhoneNumber has an invalid directive: @nope.` names its field by a path. */
const MAPPING_ERROR = /^\/(\S*) (.+)$/

export function errorMessage(error: unknown): string {
  const inner = innerErrors(error)
  if (inner) return `Invalid mapping: ${inner.map((item) => errorMessage(item)).join(' ')}`
  const text = error instanceof Error ? error.message || error.name : String(error)
  // Some messages embed stack frames (aggregate errors are built from stacks): those stay in the server log.
  return text
    .split('\n')
    .filter((line) => !/^\s*at\s/.test(line))
    .join('\n')
    .trim()
}

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code
  return typeof code === 'string' || typeof code === 'number' ? String(code) : undefined
}

export function errorStatus(error: unknown): number {
  const candidate = error as { status?: unknown; response?: { status?: unknown }; name?: string }
  if (typeof candidate?.status === 'number') return candidate.status
  if (typeof candidate?.response?.status === 'number') return candidate.response.status
  if (candidate?.name === 'AggregateAjvError' || candidate?.name === 'ValidationError') return 400
  // An invalid mapping directive: the caller's mapping is wrong, not the server.
  if (innerErrors(error)?.every((item) => item?.name === 'ValidationError')) return 400
  return 500
}

/** Fields a validation error points at (`$.toPhoneNumber` → `toPhoneNumber`), and settings named in `(key)`. */
export function errorFields(error: unknown, settings?: JSONObject): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const item of innerErrors(error) ?? []) {
    const match = MAPPING_ERROR.exec(errorMessage(item))
    if (match) fields[match[1].split('/')[0] || '$'] = match[2]
  }
  const list = (error as { errors?: unknown })?.errors
  if (Array.isArray(list) && !innerErrors(error)) {
    for (const item of list) {
      const path = (item as { path?: unknown })?.path
      const message = (item as { message?: unknown })?.message
      if (typeof path === 'string' && typeof message === 'string') {
        // `The root value is missing the required field 'x'.` points at the root: attribute it to x.
        const missing = /missing the required field '([^']+)'/.exec(message)?.[1]
        const key = missing ?? (path.replace(/^\$\.?/, '') || '$')
        fields[key] = fields[key] ? `${fields[key]} ${message}` : message
      }
    }
  }
  const text = errorMessage(error)
  for (const key of Object.keys(settings ?? {})) {
    if (text.includes(`(${key})`) && !fields[key]) fields[key] = text
  }
  return fields
}

/** serve reports an HTTPError by the response body; as text here, so `message` is always a string. */
function httpErrorBody(error: unknown): string | undefined {
  if ((error as Error)?.name !== 'HTTPError') return undefined
  const response = (error as { response?: { content?: unknown; data?: unknown } }).response
  if (typeof response?.content === 'string' && response.content) return response.content
  return typeof response?.data === 'string' && response.data ? response.data : undefined
}

export function errorEntry(error: unknown, settings?: JSONObject, exchanges: Exchange[] = []): ErrorEntry {
  const fields = errorFields(error, settings)
  const code = errorCode(error)
  return {
    statusCode: errorStatus(error),
    message: httpErrorBody(error) ?? errorMessage(error),
    ...(code ? { code } : {}),
    ...(Object.keys(fields).length ? { fields } : {}),
    requestError: true,
    ...(exchanges.length ? { exchanges } : {})
  }
}
