// Twilio's two list envelopes: the 2010 API's (`next_page_uri`, a path) and the v1 APIs' (`meta.next_page_url`,
// absolute). Both take `PageSize` (1-1000, default 50), `Page` and `PageToken`.
import { LIMITS } from '../destinations/twilio-messaging/twilio'
import { EmulatorError, twilioErrorJson } from './errors'

export const DEFAULT_PAGE_SIZE = 50

export interface PageRequest {
  pageSize: number
  page: number
  offset: number
}

type Query = Record<string, unknown>

const first = (value: unknown): string | undefined =>
  Array.isArray(value)
    ? value[0] === undefined
      ? undefined
      : String(value[0])
    : value === undefined
      ? undefined
      : String(value)

/**
 * Reads `PageSize`, `Page` and `PageToken`. The token the emulator hands out is `PA<sid of the last item>`, so a
 * walk stays stable while newer messages arrive; without a token the offset is `Page * PageSize`.
 * An out-of-range `PageSize` or `Page` answers 400 / 20001 (invalid parameter) rather than being clamped.
 */
export function parsePageRequest(
  query: Query,
  sids: readonly string[],
  max: number = LIMITS.pageSizeMax
): PageRequest | EmulatorError {
  const sizeRaw = first(query.PageSize)
  const pageRaw = first(query.Page)
  const token = first(query.PageToken)
  const pageSize = sizeRaw === undefined ? DEFAULT_PAGE_SIZE : /^\d+$/.test(sizeRaw) ? Number(sizeRaw) : Number.NaN
  if (!(pageSize >= 1 && pageSize <= max)) {
    return twilioErrorJson(400, 20001, `Invalid PageSize: ${sizeRaw}. PageSize must be between 1 and ${max}.`)
  }
  const page = pageRaw === undefined ? 0 : /^\d+$/.test(pageRaw) ? Number(pageRaw) : Number.NaN
  if (!Number.isSafeInteger(page)) return twilioErrorJson(400, 20001, `Invalid Page: ${pageRaw}`)
  let offset = page * pageSize
  if (token && token.startsWith('PA')) {
    const index = sids.indexOf(token.slice(2))
    if (index >= 0) offset = index + 1
  }
  return { pageSize, page, offset }
}

export const isError = (value: PageRequest | EmulatorError): value is EmulatorError => 'code' in value

function withQuery(path: string, filters: Record<string, string>, extra: Record<string, string>): string {
  const params = new URLSearchParams({ ...filters, ...extra })
  return `${path}?${params.toString()}`
}

export interface PageOf<T> {
  items: T[]
  request: PageRequest
  hasNext: boolean
  /** SID of the last item on the page (for PageToken), if any. */
  lastSid?: string
}

export function slicePage<T extends { sid: string }>(all: readonly T[], request: PageRequest): PageOf<T> {
  const items = all.slice(request.offset, request.offset + request.pageSize)
  return {
    items,
    request,
    hasNext: request.offset + items.length < all.length,
    lastSid: items.length ? items[items.length - 1].sid : undefined
  }
}

/** 2010 envelope; links are paths relative to api.twilio.com (here: to the emulator's base URL). */
export function envelope2010<J>(
  key: string,
  path: string,
  filters: Record<string, string>,
  page: PageOf<unknown>,
  json: J[]
) {
  const { pageSize, page: number, offset } = page.request
  const link = (pageNumber: number, token?: string) =>
    withQuery(path, filters, {
      PageSize: String(pageSize),
      Page: String(pageNumber),
      ...(token ? { PageToken: token } : {})
    })
  return {
    [key]: json,
    end: json.length ? offset + json.length - 1 : offset,
    first_page_uri: link(0),
    next_page_uri: page.hasNext && page.lastSid ? link(number + 1, `PA${page.lastSid}`) : null,
    page: number,
    page_size: pageSize,
    previous_page_uri: number > 0 ? link(number - 1) : null,
    start: offset,
    uri: link(number)
  }
}

/** v1 envelope; links are absolute URLs on the emulator's own base URL, keeping the list's filters. */
export function envelopeV1<J>(
  key: string,
  baseUrl: string,
  path: string,
  page: PageOf<unknown>,
  json: J[],
  filters: Record<string, string> = {}
) {
  const { pageSize, page: number } = page.request
  const link = (pageNumber: number, token?: string) =>
    baseUrl +
    withQuery(path, filters, {
      PageSize: String(pageSize),
      Page: String(pageNumber),
      ...(token ? { PageToken: token } : {})
    })
  return {
    [key]: json,
    meta: {
      page: number,
      page_size: pageSize,
      first_page_url: link(0),
      previous_page_url: number > 0 ? link(number - 1) : null,
      url: link(number),
      next_page_url: page.hasNext && page.lastSid ? link(number + 1, `PA${page.lastSid}`) : null,
      key
    }
  }
}
