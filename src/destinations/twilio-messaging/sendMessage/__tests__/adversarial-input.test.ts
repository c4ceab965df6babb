// The audit's costly inputs (issue 17): each is refused with a message naming the field, before any request, within
// a generous time budget, by buildMessageRequest alone and through actions-core as Segment runs the action. The
// budgets are no benchmark: the code before this change took seconds to minutes on these inputs, while linear code
// takes microseconds (actions-core's own mapping and schema steps take up to about 200 ms on 20,000 keys).
import nock from 'nock'
import { createTestIntegration, PayloadValidationError } from '@segment/actions-core'
import type { JSONObject } from '@segment/actions-core'
import destination from '../..'
import * as buildRequest from '../build-request'
import { clearMemoryDedup } from '../dedup'
import { HX_SID, MG_SID, settings, smsEvent, smsPayload } from '../../__tests__/__helpers__/fixtures'
import { mapping as smsMapping } from './__helpers__/fixtures'

/** Generous: far above what linear code needs, and far below what backtracking took. */
const BUILD_BUDGET_MS = 250
/** The same through actions-core, whose mapping and schema steps are linear but not free. */
const ACTION_BUDGET_MS = 1000

/** The saved SMS mapping of this folder's tests: each case changes a few of its fields. */
const base = smsMapping

const openAndSpaces = (spaces: number) => `{{${' '.repeat(spaces)}`
const manyKeys = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, `v${i}`]))
const inOneHour = () => new Date(Date.now() + 60 * 60 * 1000).toISOString()

const cases: Array<[string, Record<string, unknown>, RegExp]> = [
  [
    "an inline body of '{{' and 3,000 spaces (11 s before)",
    { inlineBody: openAndSpaces(3000) },
    /^Inline Template \(inlineBody\) is 3,002 characters after filling placeholders; Twilio allows at most 1,600/
  ],
  [
    'the same body with a valid Send At (built twice before)',
    {
      senderType: 'Messaging Service',
      messagingServiceSid: MG_SID,
      fromPhoneNumber: undefined,
      sendAt: inOneHour(),
      inlineBody: openAndSpaces(3000)
    },
    /^Inline Template \(inlineBody\) is 3,002 characters after filling placeholders/
  ],
  [
    "'{{' and 1,500 spaces, short enough for a body",
    { inlineBody: openAndSpaces(1500) },
    /^Inline Template \(inlineBody\) has an unmatched '\{\{' or '\}\}'/
  ],
  ['a run of 3,000 braces', { inlineBody: '{'.repeat(3000) }, /^Inline Template \(inlineBody\) is 3,000 characters/],
  [
    'typed text over the limit whose placeholder has no value: refused for its length before any lookup',
    { inlineBody: `${'x'.repeat(1601)} {{nickname}}` },
    /^Inline Template \(inlineBody\) is 1,602 characters before its placeholders are even filled/
  ],
  [
    'a content variable of 3,000 spaces after a placeholder opening',
    { contentTemplateType: 'Text', contentSid: HX_SID, contentVariables: { 1: openAndSpaces(3000) } },
    /^Content Variables \(contentVariables\) '1' has an unmatched '\{\{' or '\}\}'/
  ],
  [
    '20,000 content variables (16-47 s before)',
    { contentTemplateType: 'Text', contentSid: HX_SID, contentVariables: manyKeys(20000) },
    /^Content Variables \(contentVariables\) has 20000 entries; Twilio accepts at most 100\. Remove 19900\./
  ],
  ['20,000 tags', { tags: manyKeys(20000) }, /^Tags \(tags\) has 20000 entries; Twilio accepts at most 10/]
]

const testDestination = createTestIntegration(destination)

beforeAll(async () => {
  nock.disableNetConnect()
  // The first action compiles the payload schema: not part of any case's time.
  await testDestination
    .testAction('sendMessage', { event: smsEvent(), settings, mapping: { ...base, channel: 'Fax' } })
    .catch(() => undefined)
})
beforeEach(() => clearMemoryDedup())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

async function timed<T>(work: () => Promise<T>): Promise<{ outcome: T | Error; ms: number }> {
  const started = Date.now()
  const outcome = await work().catch((error: Error) => error)
  return { outcome, ms: Date.now() - started }
}

describe('buildMessageRequest refuses costly input at once, naming the field', () => {
  it.each(cases)('%s', (_name, overrides, message) => {
    const payload = { ...smsPayload(), ...overrides }
    const started = Date.now()
    const attempt = () =>
      buildRequest.buildMessageRequest(payload, { event: smsEvent(), mapping: { ...base, ...overrides } })
    expect(attempt).toThrow(PayloadValidationError)
    expect(attempt).toThrow(message)
    expect((Date.now() - started) / 2).toBeLessThan(BUILD_BUDGET_MS)
  })
})

describe('through actions-core, costly input is refused at once, naming the field, and nothing is sent', () => {
  it.each(cases)('%s', async (_name, overrides, message) => {
    const twilio = nock('https://api.twilio.com').post(/.*/).reply(201, { sid: 'SM1', status: 'queued' })
    const mapping = { ...base, ...overrides } as JSONObject
    const { outcome, ms } = await timed(() =>
      testDestination.testAction('sendMessage', { event: smsEvent(), settings, mapping })
    )
    expect(outcome).toBeInstanceOf(PayloadValidationError)
    expect((outcome as Error).message).toMatch(message)
    expect(ms).toBeLessThan(ACTION_BUDGET_MS)
    expect(twilio.isDone()).toBe(false)
  })

  it('a batch of 10 such events: each refused, together within the budget (11 s before)', async () => {
    const twilio = nock('https://api.twilio.com').post(/.*/).reply(201, { sid: 'SM1', status: 'queued' })
    const events = Array.from({ length: 10 }, () => smsEvent())
    const mapping = { ...base, inlineBody: openAndSpaces(3000), enable_batching: true } as JSONObject
    const { outcome, ms } = await timed(() =>
      testDestination.testBatchAction('sendMessage', { events, settings, mapping })
    )
    expect(outcome).not.toBeInstanceOf(Error)
    const results = (testDestination.results[testDestination.results.length - 1] as { multistatus: unknown[] })
      .multistatus as Array<{ status: number; errormessage: string }>
    expect(results).toHaveLength(10)
    for (const result of results) {
      expect(result.status).toBe(400)
      expect(result.errormessage).toMatch(/^Inline Template \(inlineBody\) is 3,002 characters after filling/)
    }
    expect(ms).toBeLessThan(ACTION_BUDGET_MS)
    expect(twilio.isDone()).toBe(false)
  })
})

describe('a valid Send At', () => {
  afterEach(() => jest.restoreAllMocks())

  it('with a payload refused for another rule: the message is built once, not again without the clock', async () => {
    const builds = jest.spyOn(buildRequest, 'buildMessageRequest')
    const mapping = { ...base, ...cases[1][1] } as JSONObject
    const error = await testDestination
      .testAction('sendMessage', { event: smsEvent(), settings, mapping })
      .catch((e: Error) => e)
    expect((error as Error).message).toMatch(cases[1][2])
    expect(builds).toHaveBeenCalledTimes(1)
  })
})
