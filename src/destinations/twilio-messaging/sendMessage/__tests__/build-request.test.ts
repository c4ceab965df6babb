import { PayloadValidationError } from '@segment/actions-core'
import { buildMessageRequest } from '../build-request'
import type { FormParams } from '../build-request'
import type { Payload } from '../generated-types'
import { BUILD_CASES, CASE_EVENT as event } from './__helpers__/build-request-cases'
import { HX_SID, MG_SID, NOW, smsPayload } from '../../__tests__/__helpers__/fixtures'

const build = (payload: Payload): FormParams => buildMessageRequest(payload, { event, now: NOW }).params

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

describe('buildMessageRequest: every rule rejects with the field and the fix', () => {
  const ms = { senderType: 'Messaging Service', messagingServiceSid: MG_SID, fromPhoneNumber: undefined }
  const cases: Array<[string, Partial<Payload>, RegExp]> = [
    [
      'unknown channel',
      { channel: 'Pigeon' },
      /Channel \(channel\) must be one of SMS, MMS, Whatsapp, RCS, Messenger; got "Pigeon"/
    ],
    ['unknown sender type', { senderType: 'Carrier pigeon' }, /Sender Type \(senderType\) must be one of Phone number/],
    [
      'RCS from a phone number',
      { channel: 'RCS' },
      /cannot send RCS: RCS messages are only sent through a Messaging Service.*'Messaging Service'/
    ],
    [
      'Messenger from a phone number',
      { channel: 'Messenger', toMessengerUserId: '1' },
      /cannot send Messenger.*'Facebook Page ID'/
    ],
    [
      'Facebook Page sender on SMS',
      { senderType: 'Facebook Page ID', fromFacebookPageId: '1' },
      /cannot send SMS: a Facebook Page ID only sends Messenger/
    ],
    [
      'unknown template type',
      { contentTemplateType: 'Hologram' },
      /Content Template Type \(contentTemplateType\) must be Inline or one of Text for SMS/
    ],
    [
      'template type the channel lacks',
      { contentTemplateType: 'Carousel', contentSid: HX_SID },
      /'Carousel' is not supported on SMS\. Choose Inline or one of Text/
    ],
    [
      'catalog on RCS',
      { channel: 'RCS', ...ms, contentTemplateType: 'Catalog', contentSid: HX_SID },
      /'Catalog' is not supported on RCS/
    ],
    ['missing To', { toPhoneNumber: undefined }, /To Phone Number \(toPhoneNumber\) is required for SMS/],
    [
      'To without country code',
      { toPhoneNumber: '4155552671' },
      /To Phone Number \(toPhoneNumber\) '4155552671' has no country code.*Default Country \(defaultCountry\)/
    ],
    [
      'To that is no number',
      { toPhoneNumber: '+1 call me' },
      /To Phone Number \(toPhoneNumber\) '\+1 call me' is not a valid phone number/
    ],
    [
      'To too short',
      { toPhoneNumber: '+1415' },
      /To Phone Number \(toPhoneNumber\) '\+1415' is not a valid phone number/
    ],
    [
      'bad default country',
      { defaultCountry: 'USA' },
      /Default Country \(defaultCountry\) must be a two-letter ISO 3166-1 country code/
    ],
    [
      'missing Messenger recipient',
      { channel: 'Messenger', senderType: 'Facebook Page ID', fromFacebookPageId: '1' },
      /To Messenger User ID \(toMessengerUserId\) is required for Messenger/
    ],
    [
      'non-numeric Messenger ID',
      { channel: 'Messenger', senderType: 'Facebook Page ID', fromFacebookPageId: 'my page', toMessengerUserId: '1' },
      /From Facebook Page ID \(fromFacebookPageId\) 'my page' must be a numeric Messenger ID/
    ],
    [
      'missing From',
      { fromPhoneNumber: '' },
      /From Phone Number \(fromPhoneNumber\) is required when Sender Type is 'Phone number'/
    ],
    [
      'short code on WhatsApp',
      { channel: 'Whatsapp', fromPhoneNumber: '12345' },
      /'12345' is a short code, which only sends SMS and MMS/
    ],
    [
      'alphanumeric sender on MMS',
      { channel: 'MMS', fromPhoneNumber: 'ACME' },
      /'ACME' is an alphanumeric sender ID, which only sends SMS/
    ],
    [
      'alphanumeric sender too long',
      { fromPhoneNumber: 'ACME SHOP LTD' },
      /'ACME SHOP LTD' is not a phone number, short code or alphanumeric sender ID/
    ],
    [
      'all-digit sender of wrong length',
      { fromPhoneNumber: '1234567' },
      /From Phone Number \(fromPhoneNumber\) '1234567' has no country code/
    ],
    [
      'malformed Messaging Service SID',
      { ...ms, messagingServiceSid: 'MG123' },
      /Messaging Service SID \(messagingServiceSid\) 'MG123' is not a valid SID: it must be MG followed by 32 hexadecimal/
    ],
    [
      'Messaging Service SID of another kind',
      { ...ms, messagingServiceSid: `Name [${HX_SID}]` },
      /Messaging Service SID \(messagingServiceSid\) 'HX/
    ],
    [
      'missing Messaging Service SID',
      { ...ms, messagingServiceSid: ' ' },
      /Messaging Service SID \(messagingServiceSid\) is required/
    ],
    ['missing Content SID', { contentTemplateType: 'Text' }, /Content Template SID \(contentSid\) is required/],
    [
      'path-like Content SID',
      { contentTemplateType: 'Text', contentSid: '../../Accounts' },
      /Content Template SID \(contentSid\) '..\/..\/Accounts' is not a valid SID/
    ],
    [
      'object content variable',
      { contentTemplateType: 'Text', contentSid: HX_SID, contentVariables: { 1: { nested: true } } },
      /Content Variables \(contentVariables\) '1' is an object/
    ],
    [
      'array content variable',
      { contentTemplateType: 'Text', contentSid: HX_SID, contentVariables: { items: [1, 2] } },
      /Content Variables \(contentVariables\) 'items' is an array/
    ],
    [
      '101 content variables',
      {
        contentTemplateType: 'Text',
        contentSid: HX_SID,
        contentVariables: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [String(i), 'v']))
      },
      /Content Variables \(contentVariables\) has 101 entries; Twilio accepts at most 100/
    ],
    [
      'content variable name too long',
      { contentTemplateType: 'Text', contentSid: HX_SID, contentVariables: { a_very_long_variable_name: 'x' } },
      /name 'a_very_long_variable_name' is longer than 16 characters/
    ],
    [
      'content variable placeholder with no value',
      { contentTemplateType: 'Text', contentSid: HX_SID, contentVariables: { 1: 'Hi {{nickname}}' } },
      /Content Variables \(contentVariables\) '1' uses \{\{nickname\}\}, but the event has no value/
    ],
    [
      'tag with placeholder braces',
      { tags: { campaign: '{{campaign}}' } },
      /Tags \(tags\) 'campaign' has the unfilled placeholder text/
    ],
    [
      'WhatsApp address as the SMS recipient',
      { toPhoneNumber: 'whatsapp:+14155552671' },
      /To Phone Number \(toPhoneNumber\) 'whatsapp:\+14155552671' is a WhatsApp address, but Channel is SMS: remove the 'whatsapp:' prefix or set Channel to WhatsApp/
    ],
    [
      'WhatsApp address as the SMS sender',
      { fromPhoneNumber: 'whatsapp:+14155550100' },
      /From Phone Number \(fromPhoneNumber\) 'whatsapp:\+14155550100' is a WhatsApp address, but Channel is SMS/
    ],
    [
      'rcs: recipient on SMS',
      { toPhoneNumber: 'rcs:+14155552671' },
      /is an RCS address, but Channel is SMS: remove the 'rcs:' prefix\./
    ],
    [
      'unknown channel prefix',
      { channel: 'Whatsapp', toPhoneNumber: 'tel:+14155552671' },
      /is a 'tel:' address, but Channel is WhatsApp: remove the 'tel:' prefix\./
    ],
    ['empty body and no media', { inlineBody: '   ' }, /Inline Template \(inlineBody\) is empty/],
    [
      'body over 1,600 characters',
      { inlineBody: 'x'.repeat(1601) },
      /Inline Template \(inlineBody\) is 1,601 characters after filling placeholders; Twilio allows at most 1,600/
    ],
    [
      'body over the limit only after filling',
      { inlineBody: `${'x'.repeat(1598)}{{first_name}}` },
      /is 1,601 characters/
    ],
    [
      'placeholder with no value',
      { inlineBody: 'Hi {{nickname}}' },
      /Inline Template \(inlineBody\) uses \{\{nickname\}\}, but the event has no value for it/
    ],
    [
      'placeholder with an empty value',
      { inlineBody: 'Hi {{empty}}' },
      /uses \{\{empty\}\}, but the event has no value/
    ],
    [
      'placeholder pointing at an object',
      { inlineBody: 'Order {{order}}' },
      /placeholder \{\{order\}\} is an object or list/
    ],
    [
      'placeholder that is no name',
      { inlineBody: 'Hi {{ first_name | upcase }}' },
      /has a placeholder '\{\{first_name \| upcase\}\}' that is not a field name/
    ],
    ['unclosed placeholder', { inlineBody: 'Hi {{first_name' }, /unmatched '\{\{' or '\}\}'/],
    [
      'media on SMS',
      { inlineMediaUrls: ['https://example.com/a.png'] },
      /Inline Media URLs \(inlineMediaUrls\) cannot be sent on SMS.*Set Channel to MMS/
    ],
    [
      '11 media URLs',
      { channel: 'MMS', inlineMediaUrls: Array.from({ length: 11 }, (_, i) => `https://e.com/${i}`) },
      /has 11 URLs; Twilio accepts at most 10/
    ],
    [
      'relative media URL',
      { channel: 'MMS', inlineMediaUrls: ['/img.png'] },
      /'\/img.png' is not an absolute http\(s\) URL/
    ],
    [
      'ftp media URL',
      { channel: 'MMS', inlineMediaUrls: ['ftp://example.com/a.png'] },
      /'ftp:\/\/example.com\/a.png' is not an absolute http\(s\) URL/
    ],
    [
      'validity period 0',
      { validityPeriod: 0 },
      /Validity Period \(validityPeriod\) must be a whole number of seconds from 1 to 14400; got 0/
    ],
    ['validity period 14401', { validityPeriod: 14401 }, /got 14401/],
    ['validity period fraction', { validityPeriod: 1.5 }, /got 1.5/],
    [
      'send at with a phone number sender',
      { sendAt: '2026-11-27T12:00:00Z' },
      /Send At \(sendAt\) needs the Messaging Service sender.*never|Send At \(sendAt\) needs the Messaging Service sender/
    ],
    [
      'send at in 10 minutes, which Twilio refuses with 35114',
      { ...ms, sendAt: '2026-11-26T12:10:00Z' },
      /Send At \(sendAt\) '2026-11-26T12:10:00Z' must be at least 15 minutes in the future: Twilio schedules messages 15 minutes to 35 days ahead \(error 35114\)/
    ],
    [
      'send at a second short of 15 minutes',
      { ...ms, sendAt: '2026-11-26T12:14:59Z' },
      /must be at least 15 minutes in the future/
    ],
    ['send at in the past', { ...ms, sendAt: '2026-11-25T12:00:00Z' }, /must be at least 15 minutes in the future/],
    [
      'a 5-digit short code as the SMS recipient',
      { toPhoneNumber: '12345' },
      /To Phone Number \(toPhoneNumber\) '12345' is a short code, and short codes cannot receive messages \(Twilio error 21265\)/
    ],
    [
      'a 6-digit short code as the MMS recipient, even with a default country',
      { channel: 'MMS', toPhoneNumber: '123456', defaultCountry: 'US' },
      /To Phone Number \(toPhoneNumber\) '123456' is a short code, and short codes cannot receive messages/
    ],
    [
      'send at 35 days and a second ahead',
      { ...ms, sendAt: '2026-12-31T12:00:01Z' },
      /is more than 35 days ahead; Twilio schedules at most 35 days in advance\. Pick an earlier time, or clear Send At/
    ],
    ['send at that is no date', { ...ms, sendAt: 'tomorrow' }, /Send At \(sendAt\) 'tomorrow' is not a date and time/],
    [
      'relative status callback',
      { statusCallback: '/status' },
      /Status Callback URL \(statusCallback\) '\/status' is not an absolute http\(s\) URL/
    ],
    [
      'status callback host with underscore',
      { statusCallback: 'https://my_host.example.com/cb' },
      /has an underscore in its host name/
    ],
    [
      '11 tags',
      { tags: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`t${i}`, 'v'])) },
      /Tags \(tags\) has 11 entries; Twilio accepts at most 10/
    ],
    [
      'tag with a bad character',
      { tags: { campaign: 'spring!' } },
      /Tags \(tags\) 'campaign': names and values may only use letters, digits, spaces, _ and -/
    ],
    [
      'tag value too long',
      { tags: { campaign: 'x'.repeat(129) } },
      /Tags \(tags\) 'campaign' is too long: names and values may have at most 128 characters/
    ],
    ['tag value object', { tags: { nested: { a: 1 } } }, /Tags \(tags\) 'nested' is an object/]
  ]

  it.each(cases)('%s', (_name, overrides, message) => {
    const attempt = () => build({ ...smsPayload(), ...overrides })
    expect(attempt).toThrow(PayloadValidationError)
    expect(attempt).toThrow(message)
  })

  it('reads the triple-brace form like the double one and leaves no brace pair behind', () => {
    expect(build(smsPayload({ inlineBody: 'Hi {{{first_name}}}!' }))).toContainEqual(['Body', 'Hi Ada!'])
    expect(() => build(smsPayload({ inlineBody: 'Hi {{first_name}} }}' }))).toThrow(/unmatched '\{\{' or '\}\}'/)
  })
})
