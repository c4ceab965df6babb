// The duplicate-protection tests' surroundings: an empty message list for the readback, a stand-in state context,
// and hooks that start every test with an empty process cache.
import nock from 'nock'
import type { StateContext } from '@segment/actions-core'
import { clearMemoryDedup } from '../../dedup'
import { SEND_TIMEOUT_ENV } from '../../send'
import { READBACK_WAITS_ENV } from '../../readback'
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

/**
 * No network but nock's; an empty process cache, Twilio's real host and readbacks at once before each test; mocks and
 * the send timeout cleared after it.
 */
export function useDedupEnvironment(): void {
  // Some sends wait for a timeout on purpose; a loaded machine must not fail them on time.
  jest.setTimeout(20_000)

  beforeAll(() => nock.disableNetConnect())
  beforeEach(() => {
    clearMemoryDedup()
    delete process.env.TWILIO_MESSAGING_BASE_URL
    process.env[READBACK_WAITS_ENV] = '0'
  })
  afterEach(() => {
    nock.cleanAll()
    delete process.env[SEND_TIMEOUT_ENV]
  })
  afterAll(() => nock.enableNetConnect())
}
