// The dropdown tests' tools: one dynamic-field lookup through actions-core's test integration, and nock replies for
// Twilio's two list envelopes (2010 `next_page_uri`, v1 `meta.next_page_url`), split in pages as Twilio pages them.
import nock from 'nock'
import { createTestIntegration } from '@segment/actions-core'
import type { DynamicFieldResponse } from '@segment/actions-core'
import destination from '../../..'
import {
  API,
  API_KEY_SECRET,
  API_KEY_SID,
  SHORT_CODES_PATH,
  page2010,
  pageV1,
  settings
} from '../../../__tests__/__helpers__/twilio-lists'

const testDestination = createTestIntegration(destination)
const BASIC = `Basic ${Buffer.from(`${API_KEY_SID}:${API_KEY_SECRET}`).toString('base64')}`

export async function lookup(
  field: string,
  payload: Record<string, unknown> = {},
  extra: { settings?: Record<string, string>; features?: Record<string, boolean> } = {}
): Promise<DynamicFieldResponse> {
  const response = await testDestination.testDynamicField('sendMessage', field, {
    settings: (extra.settings ?? settings) as typeof settings,
    payload,
    features: extra.features
  })
  // Narrowed, not asserted: actions-core 3.170 types this as `never[] | DynamicFieldResponse`, later versions not.
  if (Array.isArray(response)) throw new Error(`No dynamic field handler for ${field}`)
  return response
}

export const values = (response: DynamicFieldResponse) => response.choices.map((choice) => choice.value)

/** Replies with a 2010 list split in pages of `pageSize`, following next_page_uri. */
export function mock2010List<T>(path: string, key: string, items: T[], pageSize = 1000) {
  const scope = nock(API, { reqheaders: { authorization: BASIC } })
  const pages = Math.max(1, Math.ceil(items.length / pageSize))
  for (let page = 0; page < pages; page++) {
    const query: Record<string, string> =
      page === 0
        ? { PageSize: String(pageSize) }
        : { PageSize: String(pageSize), Page: String(page), PageToken: `PA${page}` }
    scope
      .get(path)
      .query(query)
      .reply(
        200,
        page2010(key, path, items.slice(page * pageSize, (page + 1) * pageSize), page, pageSize, page === pages - 1)
      )
  }
  return scope
}

/** Replies with a v1 list split in pages of `pageSize`, following meta.next_page_url. */
export function mockV1List<T>(base: string, path: string, key: string, items: T[], pageSize: number) {
  const scope = nock(base, { reqheaders: { authorization: BASIC } })
  const pages = Math.max(1, Math.ceil(items.length / pageSize))
  for (let page = 0; page < pages; page++) {
    const query: Record<string, string> =
      page === 0
        ? { PageSize: String(pageSize) }
        : { PageSize: String(pageSize), Page: String(page), PageToken: `PT${page}` }
    scope
      .get(path)
      .query(query)
      .reply(
        200,
        pageV1(key, base, path, items.slice(page * pageSize, (page + 1) * pageSize), page, pageSize, page === pages - 1)
      )
  }
  return scope
}

/** The account's short-code list, empty (the From dropdown reads it beside the phone numbers). */
export const noShortCodes = () => mock2010List(SHORT_CODES_PATH, 'short_codes', [])
