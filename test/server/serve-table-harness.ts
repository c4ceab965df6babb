// The shared part of the parity table (test/server/serve-table.ts): what a row is, the requests rows build, and the
// checks of serve's answer shapes. serve's answers are read from its source, packages/cli/src/lib/server.ts.
/* eslint-disable @typescript-eslint/no-explicit-any -- the checks read untyped JSON answers */
import type { settingsFor } from '../../src/server/samples'
import type { RawRequest, RawResponse } from './raw-http'

export interface TableContext {
  settings: ReturnType<typeof settingsFor>
  /** The dev server's port. */
  port: number
}

/** What an answer must be: its status, and checks on its body and headers. */
export interface Expectation {
  status: number
  check?: (response: RawResponse) => void
}

export interface Row {
  name: string
  /** `probe`: a small destination whose dynamic field throws (the Twilio destination's handlers never throw). */
  server?: 'twilio' | 'probe'
  request: () => RawRequest
  /** serve's answer, from its source. */
  serve: Expectation
  /** Set only where ours differs on purpose: our answer, and the docs table row (its first cell) that says why. */
  ours?: Expectation & { documentedAs: string }
}

export const post = (pathName: string, json: unknown, headers: Record<string, string> = {}): RawRequest => ({
  method: 'POST',
  path: pathName,
  json,
  headers
})

export const preflight = (origin: string): RawRequest => ({
  method: 'OPTIONS',
  path: '/sendMessage',
  headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' }
})

/** serve's success answer for POST /<action>: the exchanges, authorization shown as `<redacted>`. */
export function expectExchanges(body: any, statusCodes: number[]) {
  expect(Array.isArray(body)).toBe(true)
  expect(body.map((item: any) => item.response?.statusCode)).toEqual(statusCodes)
  for (const item of body) {
    expect(Object.keys(item.request).sort()).toEqual(['body', 'headers', 'method', 'url'])
    expect(Object.keys(item.response).sort()).toEqual(['body', 'headers', 'statusCode', 'statusMessage'])
    expect(item.request.headers.authorization).toBe('<redacted>')
  }
}

/** serve's error answer for POST /<action>: 200 `[{statusCode, message, stack, fields?, requestError: true}]`. */
export function expectErrorEntry(body: any, statusCode: number, message: RegExp) {
  expect(body).toHaveLength(1)
  expect(body[0]).toMatchObject({ statusCode, requestError: true })
  expect(body[0].message).toMatch(message)
}
