// buildMessageRequest's rules for what is sent: template type and SID, content variables, body, placeholders, media.
// Each rejects with a PayloadValidationError naming the field and the fix.
import { PayloadValidationError } from '@segment/actions-core'
import type { Payload } from '../generated-types'
import { build, viaMessagingService } from './__helpers__/build-params'
import { HX_SID, smsPayload } from '../../__tests__/__helpers__/fixtures'

describe('buildMessageRequest: every rule rejects with the field and the fix', () => {
  const cases: Array<[string, Partial<Payload>, RegExp]> = [
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
      { channel: 'RCS', ...viaMessagingService, contentTemplateType: 'Catalog', contentSid: HX_SID },
      /'Catalog' is not supported on RCS/
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
    ]
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
