import nock from 'nock'
import { createTestIntegration } from '@segment/actions-core'
import destination from '../..'
import { numberFromEnv, numberListFromEnv } from '../runtime-env'
import { DEDUP_CACHE_MB_ENV, resetMemoryStore } from '../state-store'
import { BATCH_CONCURRENCY_ENV } from '../batch'
import { READBACK_WAITS_ENV, SEND_TIMEOUT_ENV, mapping, multistatus, settings, smsEvent } from './__helpers__/fixtures'

const KNOB = 'TWILIO_MESSAGING_TEST_KNOB'
const KNOBS = [KNOB, BATCH_CONCURRENCY_ENV, SEND_TIMEOUT_ENV, READBACK_WAITS_ENV, DEDUP_CACHE_MB_ENV]

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  for (const name of KNOBS) delete process.env[name]
  resetMemoryStore()
  nock.cleanAll()
})
afterAll(() => nock.enableNetConnect())

describe('numberFromEnv', () => {
  const rule = { min: 1, max: 1000 }
  it.each([
    // [raw value, expected number]
    [undefined, 250],
    ['', 250],
    ['  ', 250],
    ['7', 7],
    [' 42 ', 42],
    ['1', 1],
    ['1000', 1000]
  ])('%j gives %d', (raw, expected) => {
    if (raw !== undefined) process.env[KNOB] = raw
    expect(numberFromEnv(KNOB, 250, rule)).toBe(expected)
  })

  it.each(['0', '1001', '-3', '2.5', '1e2', '0x10', '25O', 'zero', '7 8'])('refuses %j, naming the rule', (raw) => {
    process.env[KNOB] = raw
    expect(() => numberFromEnv(KNOB, 250, rule)).toThrow(
      `${KNOB} is ${JSON.stringify(raw)}: set it to a whole number from 1 to 1000, or unset it for the default (250).`
    )
  })

  it('takes decimals only when the rule allows them', () => {
    const decimal = { min: 0.01, max: 64, integer: false, unit: 'MiB' }
    for (const [raw, expected] of [
      ['0.5', 0.5],
      ['.25', 0.25],
      ['3.', 3]
    ] as const) {
      process.env[KNOB] = raw
      expect(numberFromEnv(KNOB, 64, decimal)).toBe(expected)
    }
    process.env[KNOB] = '0.001'
    expect(() => numberFromEnv(KNOB, 64, decimal)).toThrow('set it to a number from 0.01 to 64 MiB')
  })
})

describe('numberListFromEnv', () => {
  const rule = { min: 0, max: 60_000, unit: 'ms' }
  it('reads a comma-separated list, blanks around the commas allowed', () => {
    process.env[KNOB] = '0, 250 ,1000'
    expect(numberListFromEnv(KNOB, [1000, 2000], rule)).toEqual([0, 250, 1000])
  })

  it.each(['soon', '100,', '100,,200', '100,-1', '100,60001'])('refuses %j', (raw) => {
    process.env[KNOB] = raw
    expect(() => numberListFromEnv(KNOB, [1000, 2000], rule)).toThrow(
      `${KNOB} is ${JSON.stringify(
        raw
      )}: set it to a comma-separated list of whole numbers from 0 to 60000 ms, or unset it for the default (1000,2000).`
    )
  })
})

describe('an unusable knob stops the action before any request, as a retryable error naming it', () => {
  // Every case sets one knob; nock allows no request at all, so a send would fail the test with a different error.
  const cases: Array<[string, string, () => void]> = [
    ['the send timeout', SEND_TIMEOUT_ENV, () => (process.env[SEND_TIMEOUT_ENV] = '10s')],
    ['the readback waits', READBACK_WAITS_ENV, () => (process.env[READBACK_WAITS_ENV] = '1s,2s')],
    [
      'the duplicate-protection cache size (read when the cache is made)',
      DEDUP_CACHE_MB_ENV,
      () => {
        process.env[DEDUP_CACHE_MB_ENV] = '64MB'
        resetMemoryStore()
      }
    ]
  ]

  it.each(cases)('perform: %s', async (_name, variable, set) => {
    set()
    const testDestination = createTestIntegration(destination)
    const attempt = testDestination.testAction('sendMessage', { event: smsEvent(), settings, mapping })
    await expect(attempt).rejects.toMatchObject({ status: 500 })
    await expect(attempt).rejects.toThrow(new RegExp(`^${variable} is "[^"]+": set it to `))
    await expect(attempt).rejects.toThrow('a setting of the process running this destination, not of the workspace')
  })

  it.each([
    ...cases,
    ['the concurrency ceiling', BATCH_CONCURRENCY_ENV, () => (process.env[BATCH_CONCURRENCY_ENV] = '25O')] as [
      string,
      string,
      () => void
    ]
  ])('performBatch: %s, for every event', async (_name, variable, set) => {
    set()
    const testDestination = createTestIntegration(destination)
    const events = [smsEvent(), smsEvent(), smsEvent()]
    await testDestination.testBatchAction('sendMessage', { events, settings, mapping })
    const entries = multistatus(testDestination)
    expect(entries).toHaveLength(3)
    for (const entry of entries) {
      expect(entry).toMatchObject({ status: 500, body: { not_sent: true } })
      expect(entry.errormessage).toMatch(new RegExp(`^${variable} is "[^"]+": set it to `))
    }
  })

  it('perform still sends when only a knob of batches is unusable', async () => {
    process.env[BATCH_CONCURRENCY_ENV] = '25O'
    const twilio = nock('https://api.twilio.com')
      .post(`/2010-04-01/Accounts/${settings.accountSID}/Messages.json`)
      .reply(201, { sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued' })
    const testDestination = createTestIntegration(destination)
    const responses = await testDestination.testAction('sendMessage', { event: smsEvent(), settings, mapping })
    expect(responses.map((response) => response.status)).toEqual([201])
    expect(twilio.isDone()).toBe(true)
  })
})
