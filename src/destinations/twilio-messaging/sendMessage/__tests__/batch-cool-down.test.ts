// performBatch's cool-down with the adaptive limiter: one 429 backs off and the batch goes on; 429s that keep
// coming hold the rest of the batch back as retryable 429s, as before.
import nock from 'nock'
import { createTestIntegration } from '@segment/actions-core'
import destination from '../..'
import { BATCH_CONCURRENCY_ENV } from '../batch'
import { clearAccountLimiters } from '../adaptive-concurrency'
import { clearMemoryDedup } from '../dedup'
import {
  MESSAGES_PATH,
  mapping,
  multistatus,
  settings,
  smsEvent,
  twilioMessage,
  TOO_MANY_REQUESTS,
  TWILIO
} from '../../__tests__/__helpers__/fixtures'

beforeEach(() => {
  clearMemoryDedup()
  clearAccountLimiters()
})
afterEach(() => {
  nock.cleanAll()
  delete process.env[BATCH_CONCURRENCY_ENV]
})

describe('performBatch cool-down', () => {
  beforeAll(() => nock.disableNetConnect())
  afterAll(() => nock.enableNetConnect())

  it('a single 429 among answered calls backs off but does not hold the batch back', async () => {
    process.env[BATCH_CONCURRENCY_ENV] = '4'
    let requests = 0
    nock(TWILIO)
      .persist()
      .post(MESSAGES_PATH)
      .reply(() => {
        requests++
        return requests === 3 ? [429, TOO_MANY_REQUESTS] : [201, twilioMessage(`SM${requests}`)]
      })
    const testDestination = createTestIntegration(destination)
    const events = Array.from({ length: 12 }, () => smsEvent())
    await testDestination.testBatchAction('sendMessage', { events, settings, mapping, useDefaultMappings: true })
    const statuses = multistatus(testDestination).map((entry) => entry.status)
    expect(requests).toBe(12)
    expect(statuses.filter((status) => status === 429)).toHaveLength(1)
    expect(statuses.filter((status) => status === 201)).toHaveLength(11)
  })

  it('429s to every call: backs off down to the floor, then holds the rest back as retryable 429s', async () => {
    process.env[BATCH_CONCURRENCY_ENV] = '8'
    let requests = 0
    nock(TWILIO)
      .persist()
      .post(MESSAGES_PATH)
      .reply(() => {
        requests++
        return [429, TOO_MANY_REQUESTS]
      })
    const testDestination = createTestIntegration(destination)
    const events = Array.from({ length: 60 }, () => smsEvent())
    await testDestination.testBatchAction('sendMessage', { events, settings, mapping, useDefaultMappings: true })
    const results = multistatus(testDestination)
    expect(results.every((entry) => entry.status === 429 && entry.errortype === 'TOO_MANY_REQUESTS')).toBe(true)
    const heldBack = results.filter((entry) => (entry.body as { not_sent?: boolean }).not_sent)
    expect(heldBack.length).toBe(60 - requests)
    // Three back-offs (8 -> 5 -> 3 -> 2), each after one round of 429s: far fewer calls than events.
    expect(requests).toBeLessThanOrEqual(8 + 5 + 3)
    for (const entry of heldBack) expect(entry.errormessage).toContain('held back')
  })
})
