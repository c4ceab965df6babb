// The request/response pairs the dev server and `npm run send` report: what `destination.responses` recorded, in
// the shape serve's answer has (`{request: {url, method, headers, body}, response: {...}}`), never the options.
import type { DecoratedResponse } from '@segment/actions-core'
import { isObject } from './json'

export interface Exchange {
  request: { url: string; method: string; headers: Record<string, string>; body: string | null }
  response: { statusCode: number; statusMessage: string; headers: Record<string, string>; body: unknown }
}

function headersToObject(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  const source = headers as { forEach?: (fn: (value: string, key: string) => void) => void } | undefined
  if (source && typeof source.forEach === 'function') {
    source.forEach((value, key) => {
      out[key] = value
    })
  } else if (isObject(headers)) {
    for (const [key, value] of Object.entries(headers)) out[key.toLowerCase()] = String(value)
  }
  return out
}

function requestBody(options: DecoratedResponse['options']): string | null {
  const body = (options as { body?: unknown; json?: unknown }).body
  if (body instanceof URLSearchParams) return body.toString()
  if (typeof body === 'string') return body
  const json = (options as { json?: unknown }).json
  if (json !== undefined) return JSON.stringify(json)
  if (body === undefined || body === null) return null
  return String(body)
}

/** A recorded response as the request/response pair the Actions Tester shows. Never the options (they hold the password). */
export function toExchange(response: DecoratedResponse): Exchange {
  const data = (response as { data?: unknown }).data
  const content = (response as { content?: string }).content
  return {
    request: {
      url: response.request?.url ?? response.url,
      method: response.request?.method ?? String(response.options?.method ?? 'GET'),
      headers: headersToObject(response.request?.headers ?? response.options?.headers),
      body: requestBody(response.options ?? {})
    },
    response: {
      statusCode: response.status,
      statusMessage: response.statusText,
      headers: headersToObject(response.headers),
      body: data !== undefined && typeof data !== 'string' ? data : (content ?? data ?? null)
    }
  }
}
