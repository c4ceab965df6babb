// The table of build-request cases: payload -> exact form parameters, by channel, sender and content kind. Shared
// with the project-level contract test (test/contract.test.ts), which checks every row against Twilio's OpenAPI spec.
import type { FormParams } from '../../build-request'
import type { Payload } from '../../generated-types'
import { HX_SID, MG_SID, smsPayload } from '../../../__tests__/__helpers__/fixtures'

export const CASE_EVENT = {
  type: 'track',
  event: 'Order Completed',
  messageId: 'm-1',
  properties: { first_name: 'Ada', total: 42.5, paid: true, order: { id: 'o-7' }, empty: '' },
  traits: { last_name: 'Lovelace' },
  context: { traits: { city: 'London', first_name: 'ignored-because-properties-wins' } }
}

export const BUILD_CASES: Array<[string, Payload, FormParams]> = [
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
      channel: 'Whatsapp',
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
    'WhatsApp template with variables (numbers and booleans as the live destination sends them, empty dropped)',
    smsPayload({
      channel: 'Whatsapp',
      contentTemplateType: 'Quick Reply',
      contentSid: `Order update [${HX_SID}]`,
      contentVariables: { 1: 'Ada', 2: 42, 3: true, 4: null, 5: '', 6: '  ' },
      inlineBody: 'ignored for templates'
    }),
    [
      ['To', 'whatsapp:+14155552671'],
      ['From', 'whatsapp:+14155550100'],
      ['ContentSid', HX_SID],
      ['ContentVariables', '{"1":"Ada","2":42,"3":true}']
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
