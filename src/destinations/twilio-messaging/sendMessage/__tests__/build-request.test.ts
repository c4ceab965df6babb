// buildMessageRequest's form parameters by channel, sender and content: the table, the limits, the scheduling edges.
import { buildMessageRequest } from '../build-request'
import { BUILD_CASES, CASE_EVENT } from './__helpers__/build-request-cases'
import { build } from './__helpers__/build-params'
import { HX_SID, MG_SID, NOW, smsPayload } from '../../__tests__/__helpers__/fixtures'

describe('buildMessageRequest: form parameters by channel, sender and content', () => {
  it.each(BUILD_CASES)('%s', (_name, payload, expected) => {
    const params = build(payload)
    expect(params).toEqual(expected)
  })

  it('fills {{…}} typed in a content variable from the event, as in the inline body', () => {
    const params = build(
      smsPayload({
        contentTemplateType: 'Text',
        contentSid: HX_SID,
        contentVariables: { 1: '{{first_name}} {{last_name}}' }
      })
    )
    expect(params).toContainEqual(['ContentVariables', '{"1":"Ada Lovelace"}'])
  })

  it('sends content variables as text only under the live flag twilio-messaging-stringify-content-variables', () => {
    const payload = smsPayload({
      contentTemplateType: 'Text',
      contentSid: HX_SID,
      contentVariables: { 1: 42, 2: false }
    })
    const asText = buildMessageRequest(payload, { event: CASE_EVENT, now: NOW, contentVariablesAsText: true }).params
    expect(asText).toContainEqual(['ContentVariables', '{"1":"42","2":"false"}'])
    expect(build(payload)).toContainEqual(['ContentVariables', '{"1":42,"2":false}'])
  })

  it('sends a 1,600-character body, the limit', () => {
    const body = 'x'.repeat(1600)
    expect(build(smsPayload({ inlineBody: body }))).toContainEqual(['Body', body])
  })

  it('accepts 100 content variables and 10 media URLs, the limits', () => {
    const variables = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [String(i + 1), `v${i}`]))
    const params = build(smsPayload({ contentTemplateType: 'Text', contentSid: HX_SID, contentVariables: variables }))
    expect(Object.keys(JSON.parse(params.find(([k]) => k === 'ContentVariables')![1]))).toHaveLength(100)
    const urls = Array.from({ length: 10 }, (_, i) => `https://example.com/${i}.png`)
    expect(build(smsPayload({ channel: 'MMS', inlineMediaUrls: urls })).filter(([k]) => k === 'MediaUrl')).toHaveLength(
      10
    )
  })

  it.each([
    ['FK', '51234', '+50051234'],
    ['TV', '901234', '+688901234']
  ])(
    'reads a %s national number of 5-6 digits as a number of that Default Country, not a short code',
    (country, raw, e164) => {
      expect(build(smsPayload({ toPhoneNumber: raw, defaultCountry: country }))).toContainEqual(['To', e164])
    }
  )

  it('schedules exactly at the window edges: 15 minutes and exactly 35 days', () => {
    const ms = smsPayload({ senderType: 'Messaging Service', messagingServiceSid: MG_SID })
    const soon = new Date(NOW.getTime() + 15 * 60 * 1000).toISOString()
    const last = new Date(NOW.getTime() + 35 * 24 * 3600 * 1000).toISOString()
    expect(build({ ...ms, sendAt: soon })).toContainEqual(['SendAt', '2026-11-26T12:15:00Z'])
    expect(build({ ...ms, sendAt: last })).toContainEqual(['SendAt', '2026-12-31T12:00:00Z'])
  })
})
