import nock from 'nock'
import { createTestIntegration } from '@segment/actions-core'
import destination from '../..'
import { clearMemoryDedup, dedupKey, eventMessage } from '../dedup'
import { ACCOUNT_SID, mapping, settings, smsEvent } from './__helpers__/fixtures'
import { startTwilioFake } from './__helpers__/twilio-fake'

const message = (params: Array<[string, string]>) => ({
  channel: 'MMS' as const,
  senderType: 'Phone number' as const,
  params
})

beforeAll(() => nock.disableNetConnect())
beforeEach(() => clearMemoryDedup())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

describe('the duplicate key and the Twilio Region', () => {
  const sms = message([
    ['To', '+447700900200'],
    ['From', '+447700900100'],
    ['Body', 'Hi']
  ])

  it('is unchanged in US1, whether the region is empty or us1, so records kept before still answer', () => {
    const before = dedupKey(ACCOUNT_SID, 'm1', sms)
    expect(eventMessage(settings, 'm1', sms).key).toBe(before)
    expect(eventMessage({ ...settings, region: 'us1', edge: 'ashburn' }, 'm1', sms).key).toBe(before)
  })

  it('differs in IE1: each region keeps its own messages', () => {
    const ie1 = eventMessage({ ...settings, region: 'ie1' }, 'm1', sms).key
    expect(ie1).toBeDefined()
    expect(ie1).not.toBe(dedupKey(ACCOUNT_SID, 'm1', sms))
    expect(eventMessage({ ...settings, region: 'IE1' as 'ie1', edge: 'dublin' }, 'm1', sms).key).toBe(ie1)
  })
})

describe('the duplicate key is unambiguous', () => {
  it('a Body holding what looks like another parameter does not share a key with that parameter', () => {
    const base: Array<[string, string]> = [
      ['To', '+14155552671'],
      ['From', '+14155550100']
    ]
    const withMedia = message([...base, ['Body', 'Hi'], ['MediaUrl', 'https://example.com/a.png']])
    const smuggled = message([...base, ['Body', 'Hi\0MediaUrl=https://example.com/a.png']])
    expect(dedupKey(ACCOUNT_SID, 'm1', withMedia)).not.toBe(dedupKey(ACCOUNT_SID, 'm1', smuggled))
    // Separators inside the messageId or the account cannot shift text between parts either.
    const plain = message([...base, ['Body', 'x']])
    expect(dedupKey(ACCOUNT_SID, 'm1\0To=+1', plain)).not.toBe(dedupKey(ACCOUNT_SID, 'm1', plain))
    expect(dedupKey(ACCOUNT_SID, 'a"b', plain)).not.toBe(
      dedupKey(ACCOUNT_SID, 'a', message([['"b', ''], ...plain.params]))
    )
  })

  it('keys of different messages differ over many look-alike bodies (no collision)', () => {
    const keys = new Set<string>()
    const messages = new Set<string>()
    const pieces = ['', '\0', '=', 'MediaUrl', 'Body', '"', ',', '[', ']', '\\', 'a']
    for (const a of pieces)
      for (const b of pieces)
        for (const split of [true, false]) {
          const params: Array<[string, string]> = split
            ? [
                ['Body', a],
                ['MediaUrl', b]
              ]
            : [['Body', a + b]]
          keys.add(dedupKey(ACCOUNT_SID, 'm', message(params)) as string)
          messages.add(params.map(([name, value]) => `${name.length}:${name}${value.length}:${value}`).join(''))
        }
    expect(keys.size).toBe(messages.size)
  })

  it('through perform: two subscriptions whose forms differ only in where a NUL splits them are both sent', async () => {
    const twilio = startTwilioFake()
    const event = smsEvent({ text: 'Hi' })
    const mms = { ...mapping, channel: 'MMS', inlineBody: { '@path': '$.properties.text' } }
    const testDestination = createTestIntegration(destination)
    await testDestination.testAction('sendMessage', {
      event,
      settings,
      mapping: { ...mms, inlineMediaUrls: ['https://example.com/a.png'] }
    })
    await testDestination.testAction('sendMessage', {
      event: { ...event, properties: { ...event.properties, text: 'Hi\0MediaUrl=https://example.com/a.png' } },
      settings,
      mapping: mms
    })
    expect(twilio.posts).toBe(2)
  })
})
