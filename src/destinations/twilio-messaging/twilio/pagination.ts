// Twilio's two list envelopes (2010 and v1) and walking them page by page.
import type { RequestClient } from '@segment/actions-core'
import { resolveTwilioPageUrl } from './hosts'
import type { TwilioService } from './hosts'
import type { TwilioTarget } from './regions'
import { TwilioResponseFormatError } from './errors'
import { LIMITS } from './limits'
import { getFromTwilio } from './lookup-request'
// ---------------------------------------------------------------------------------------------------------------
// Pagination

export interface PageEnvelope<T> {
  items: T[]
  nextUrl?: string
}

/**
 * Reads one page in either of Twilio's envelope styles:
 * 2010 `{<items>: [...], next_page_uri}` (a path on the API host) or v1 `{<items>: [...], meta: {next_page_url}}`;
 * the next page is on the service's host in the target's region.
 */
export function readPage<T>(
  target: TwilioTarget,
  service: TwilioService,
  body: unknown,
  itemsKey: string
): PageEnvelope<T> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new TwilioResponseFormatError('Twilio returned a page that is not a JSON object')
  }
  const record = body as Record<string, unknown>
  const items = record[itemsKey]
  if (!Array.isArray(items)) throw new TwilioResponseFormatError(`Twilio returned a page without a "${itemsKey}" list`)
  const meta = record.meta as Record<string, unknown> | undefined
  const next =
    typeof record.next_page_uri === 'string' && record.next_page_uri
      ? record.next_page_uri
      : typeof meta?.next_page_url === 'string' && meta.next_page_url
      ? meta.next_page_url
      : undefined
  return { items: items as T[], nextUrl: next ? resolveTwilioPageUrl(target, service, next) : undefined }
}

export interface ListAllOptions {
  /** Stop after this many pages (a guard against a server that never ends its list). */
  maxPages?: number
  pageSize?: number
}

export interface ListResult<T> {
  items: T[]
  /** Requests made. */
  pages: number
  /** True when the page cap stopped the walk before Twilio's last page. */
  truncated: boolean
}

/** Pages fetched per list at most: with PageSize 1000 that is 20,000 numbers, services or templates. */
export const DEFAULT_MAX_PAGES = 20

/**
 * Fetches a Twilio list to its end, following the next-page links of either envelope style, and says whether
 * the page cap cut it short. A next-page link that repeats a page already read ends the walk.
 */
export async function listPages<T>(
  request: RequestClient,
  target: TwilioTarget,
  service: TwilioService,
  firstUrl: string,
  itemsKey: string,
  options: ListAllOptions = {}
): Promise<ListResult<T>> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES
  const pageSize = options.pageSize ?? LIMITS.pageSizeMax
  const first = new URL(firstUrl)
  if (!first.searchParams.has('PageSize')) first.searchParams.set('PageSize', String(pageSize))
  let url: string | undefined = first.toString()
  const seen = new Set<string>()
  const items: T[] = []
  let pages = 0
  while (url && !seen.has(url) && pages < maxPages) {
    seen.add(url)
    const response = await getFromTwilio(request, target, url)
    pages++
    const envelope: PageEnvelope<T> = readPage<T>(target, service, await readJson(response), itemsKey)
    items.push(...envelope.items)
    url = envelope.nextUrl
  }
  return { items, pages, truncated: Boolean(url) && !seen.has(url as string) }
}

/** Fetches a Twilio list to its end (see listPages); only the items. */
export async function listAll<T>(
  request: RequestClient,
  target: TwilioTarget,
  service: TwilioService,
  firstUrl: string,
  itemsKey: string,
  options: ListAllOptions = {}
): Promise<T[]> {
  return (await listPages<T>(request, target, service, firstUrl, itemsKey, options)).items
}

/** The JSON body of a response read by the request client (`data` when the content type was JSON, else `content`). */
export async function readJson(response: {
  data?: unknown
  content?: string
  text?: () => Promise<string>
}): Promise<unknown> {
  if (response.data !== undefined && typeof response.data !== 'string') return response.data
  const text = typeof response.content === 'string' ? response.content : await response.text?.()
  try {
    return JSON.parse(text ?? '')
  } catch {
    throw new TwilioResponseFormatError('Twilio returned a page that is not valid JSON')
  }
}
