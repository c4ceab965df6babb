// The duplicate-protection tests' surroundings: an empty message list for the readback, a stand-in state context,
// and hooks that start every test with an empty process cache.
import nock from 'nock'
import type { StateContext } from '@segment/actions-core'
import { clearMemoryDedup } from '../../dedup'
import { MESSAGES_PATH, TWILIO } from '../../../__tests__/__helpers__/fixtures'

/** Twilio's message list with no message in it: what the readback after a 5xx finds when nothing was created. */
export function emptyMessageList() {
  nock(TWILIO).persist().get(MESSAGES_PATH).query(true).reply(200, { messages: [], next_page_uri: null })
}

/** A stand-in for the platform's state context: what one delivery sets, the next delivery reads. */
export function fakeStateContext() {
  const values = new Map<string, string>()
  const ttls: unknown[] = []
  const context: StateContext = {
    getRequestContext: (key: string) => values.get(key),
    setResponseContext: (key: string, value: string, ttl: unknown) => {
      values.set(key, value)
      ttls.push(ttl)
    }
  }
  return { context, values, ttls }
}

/** No network but nock's; an empty process cache before each test; mocks cleared after it. */
export function useDedupEnvironment(): void {
  beforeAll(() => nock.disableNetConnect())
  beforeEach(() => clearMemoryDedup())
  afterEach(() => nock.cleanAll())
  afterAll(() => nock.enableNetConnect())
}
