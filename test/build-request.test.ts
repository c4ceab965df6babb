import { PayloadValidationError } from '@segment/actions-core'
import { buildMessageRequest, type FormParams } from '../src/destinations/twilio-messaging/sendMessage/build-request'
import type { Payload } from '../src/destinations/twilio-messaging/sendMessage/generated-types'
import { createMessageViolations } from './helpers/contract'
import { HX_SID, MG_SID, NOW, smsPayload } from './helpers/fixtures'

const event = {
  type: 'track',
  event: 'Order Completed',
  messageId: 'm-1',
  properties: { first_name: 'Ada', total: 42.5, paid: true, order: { id: 'o-7' }, empty: '' },
  traits: { last_name: 'Lovelace' },
  context: { traits: { city: 'London', first_name: 'ignored-because-properties-wins' } }
}

const build = (payload: Payload): FormParams => buildMessageRequest(payload, { event, now: NOW }).params

describe('buildMessageRequest: form parameters by channel, sender and content', () => {
  const cases: Array<[string, Payload, FormParams]> = [
    [
      'SMS inline from a phone number',
      smsPayload(),
      [
        ['To', '+14155552671'],
        ['From', '+14155550100'],
        ['Body', 'Hello']
      ]
    ],
    [
      'SMS from a short code',
      smsPayload({ fromPhoneNumber: '12345' }),
      [
        ['To', '+14155552671'],
        ['From', '12345'],
        ['Body', 'Hello']
      ]
    ],
    [
      'SMS from a six-digit short code',
      smsPayload({ fromPhoneNumber: ' 123456 ' }),
      [
        ['To', '+14155552671'],
        ['From', '123456'],
        ['Body', 'Hello']
      ]
    ],
    [
      'SMS from an alphanumeric sender ID',
      smsPayload({ fromPhoneNumber: 'ACME Shop' }),
      [
        ['To', '+14155552671'],
        ['From', 'ACME Shop'],
        ['Body', 'Hello']
      ]
    ],
    [
      'SMS from an alphanumeric sender ID starting with +',
      smsPayload({ fromPhoneNumber: '+ACME' }),
      [
        ['To', '+14155552671'],
        ['From', '+ACME'],
        ['Body', 'Hello']
      ]
    ],
    [
      'SMS through a Messaging Service given as a bare SID',
      smsPayload({ senderType: 'Messaging Service', fromPhoneNumber: undefined, messagingServiceSid: MG_SID }),
      [
        ['To', '+14155552671'],
        ['MessagingServiceSid', MG_SID],
        ['Body', 'Hello']
      ]
    ],
    [
      'Messaging Service in dropdown form with brackets in the name',
      smsPayload({ senderType: 'Messaging Service', messagingServiceSid: `Promo [EU] list [${MG_SID}]` }),
      [
        ['To', '+14155552671'],
        ['MessagingServiceSid', MG_SID],
        ['Body', 'Hello']
      ]
    ],
    [
      'national number read with the default country',
      smsPayload({ toPhoneNumber: '(415) 555-2671', defaultCountry: 'us' }),
      [
        ['To', '+14155552671'],
        ['From', '+14155550100'],
        ['Body', 'Hello']
      ]
    ],
    [
      'UK national number with GB',
      smsPayload({ toPhoneNumber: '07400 123456', defaultCountry: 'GB' }),
      [
        ['To', '+447400123456'],
        ['From', '+14155550100'],
        ['Body', 'Hello']
      ]
    ],
    [
      'placeholders filled from properties, traits, context.traits and dotted paths',
      smsPayload({
        inlineBody:
          'Hi {{first_name}} {{ last_name }} from {{city}}: order {{properties.order.id}}, {{total}} paid={{paid}}'
      }),
      [
        ['To', '+14155552671'],
        ['From', '+14155550100'],
        ['Body', 'Hi Ada Lovelace from London: order o-7, 42.5 paid=true']
      ]
    ],
    [
      'channel matched case-insensitively (saved as Whatsapp) with WhatsApp prefixes added',
      smsPayload({ channel: 'Whatsapp', fromPhoneNumber: '+14155550100' }),
      [
        ['To', 'whatsapp:+14155552671'],
        ['From', 'whatsapp:+14155550100'],
        ['Body', 'Hello']
      ]
    ],
    [
      'WhatsApp prefix already present is not doubled',
      smsPayload({
        channel: 'WhatsApp',
        toPhoneNumber: 'whatsapp:+14155552671',
        fromPhoneNumber: 'whatsapp:+14155550100'
      }),
      [
        ['To', 'whatsapp:+14155552671'],
        ['From', 'whatsapp:+14155550100'],
        ['Body', 'Hello']
      ]
    ],
    [
      'WhatsApp template with variables (numbers and booleans stringified, empty dropped)',
      smsPayload({
        channel: 'WhatsApp',
        contentTemplateType: 'Quick Reply',
        contentSid: `Order update [${HX_SID}]`,
        contentVariables: { 1: 'Ada', 2: 42, 3: true, 4: null, 5: '', 6: '  ' },
        inlineBody: 'ignored for templates'
      }),
      [
        ['To', 'whatsapp:+14155552671'],
        ['From', 'whatsapp:+14155550100'],
        ['ContentSid', HX_SID],
        ['ContentVariables', '{"1":"Ada","2":"42","3":"true"}']
      ]
    ],
    [
      'template with no variables sends no ContentVariables',
      smsPayload({ contentTemplateType: 'Text', contentSid: HX_SID, contentVariables: {} }),
      [
        ['To', '+14155552671'],
        ['From', '+14155550100'],
        ['ContentSid', HX_SID]
      ]
    ],
    [
      'MMS with media only, several URLs as repeated MediaUrl',
      smsPayload({
        channel: 'MMS',
        inlineBody: '',
        inlineMediaUrls: ['https://example.com/a.png', 'http://example.com/b.jpg', '']
      }),
      [
        ['To', '+14155552671'],
        ['From', '+14155550100'],
        ['MediaUrl', 'https://example.com/a.png'],
        ['MediaUrl', 'http://example.com/b.jpg']
      ]
    ],
    [
      'MMS scheduled through a Messaging Service with every option',
      smsPayload({
        channel: 'MMS',
        senderType: 'Messaging Service',
        messagingServiceSid: MG_SID,
        inlineBody: 'Sale starts now',
        inlineMediaUrls: ['https://example.com/sale.png'],
        validityPeriod: 600,
        sendAt: '2026-11-27T09:30:00.000+01:00',
        statusCallback: 'https://hooks.example.com/twilio/status',
        tags: { campaign: 'spring_sale', wave: 2, skip: null }
      }),
      [
        ['To', '+14155552671'],
        ['MessagingServiceSid', MG_SID],
        ['Body', 'Sale starts now'],
        ['MediaUrl', 'https://example.com/sale.png'],
        ['ValidityPeriod', '600'],
        ['SendAt', '2026-11-27T08:30:00Z'],
        ['ScheduleType', 'fixed'],
        ['StatusCallback', 'https://hooks.example.com/twilio/status'],
        ['Tags', '{"campaign":"spring_sale","wave":"2"}']
      ]
    ],
    [
      'RCS through a Messaging Service with a card template',
      smsPayload({
        channel: 'RCS',
        senderType: 'Messaging Service',
        messagingServiceSid: MG_SID,
        contentTemplateType: 'Card',
        contentSid: HX_SID
      }),
      [
        ['To', '+14155552671'],
        ['MessagingServiceSid', MG_SID],
        ['ContentSid', HX_SID]
      ]
    ],
    [
      'RCS with rcs: prefix kept (turns SMS fallback off)',
      smsPayload({
        channel: 'RCS',
        senderType: 'Messaging Service',
        messagingServiceSid: MG_SID,
        toPhoneNumber: 'rcs:+14155552671'
      }),
      [
        ['To', 'rcs:+14155552671'],
        ['MessagingServiceSid', MG_SID],
        ['Body', 'Hello']
      ]
    ],
    [
      'Messenger inline from a Facebook Page',
      {
        channel: 'Messenger',
        senderType: 'Facebook Page ID',
        contentTemplateType: 'Inline',
        toMessengerUserId: '1234567890123456',
        fromFacebookPageId: 'messenger:104417592364187',
        inlineBody: 'Thanks {{first_name}}'
      },
      [
        ['To', 'messenger:1234567890123456'],
        ['From', 'messenger:104417592364187'],
        ['Body', 'Thanks Ada']
      ]
    ],
    [
      'Messenger media with a template type matched case-insensitively',
      {
        channel: 'messenger',
        senderType: 'facebook page id',
        contentTemplateType: 'call to action',
        toMessengerUserId: '42',
        fromFacebookPageId: '7',
        contentSid: HX_SID
      },
      [
        ['To', 'messenger:42'],
        ['From', 'messenger:7'],
        ['ContentSid', HX_SID]
      ]
    ]
  ]

  it.each(cases)('%s', (_name, payload, expected) => {
    const params = build(payload)
    expect(params).toEqual(expected)
    expect(createMessageViolations(params)).toEqual([])
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

  it('schedules exactly at the window edges: just over 5 minutes and exactly 35 days', () => {
    const ms = smsPayload({ senderType: 'Messaging Service', messagingServiceSid: MG_SID })
    const soon = new Date(NOW.getTime() + 5 * 60 * 1000 + 1000).toISOString()
    const last = new Date(NOW.getTime() + 35 * 24 * 3600 * 1000).toISOString()
    expect(build({ ...ms, sendAt: soon })).toContainEqual(['SendAt', '2026-11-26T12:05:01Z'])
    expect(build({ ...ms, sendAt: last })).toContainEqual(['SendAt', '2026-12-31T12:00:00Z'])
  })
})

describe('buildMessageRequest: every rule rejects with the field and the fix', () => {
  const ms = { senderType: 'Messaging Service', messagingServiceSid: MG_SID, fromPhoneNumber: undefined }
  const cases: Array<[string, Partial<Payload>, RegExp]> = [
    [
      'unknown channel',
      { channel: 'Pigeon' },
      /Channel \(channel\) must be one of SMS, MMS, WhatsApp, RCS, Messenger; got "Pigeon"/
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
      { channel: 'WhatsApp', fromPhoneNumber: '12345' },
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
      { channel: 'WhatsApp', toPhoneNumber: 'tel:+14155552671' },
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
      'send at in 5 minutes exactly',
      { ...ms, sendAt: '2026-11-26T12:05:00Z' },
      /Send At \(sendAt\) '2026-11-26T12:05:00Z' must be more than 5 minutes in the future/
    ],
    ['send at in the past', { ...ms, sendAt: '2026-11-25T12:00:00Z' }, /must be more than 5 minutes in the future/],
    ['send at 35 days and a second ahead', { ...ms, sendAt: '2026-12-31T12:00:01Z' }, /is more than 35 days ahead/],
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
    const attempt = () => build({ ...smsPayload(), ...overrides } as Payload)
    expect(attempt).toThrow(PayloadValidationError)
    expect(attempt).toThrow(message)
  })

  it('reads the triple-brace form like the double one and leaves no brace pair behind', () => {
    expect(build(smsPayload({ inlineBody: 'Hi {{{first_name}}}!' }))).toContainEqual(['Body', 'Hi Ada!'])
    expect(() => build(smsPayload({ inlineBody: 'Hi {{first_name}} }}' }))).toThrow(/unmatched '\{\{' or '\}\}'/)
  })
})
