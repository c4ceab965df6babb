import {
  CONTENT_TEMPLATE_TYPES,
  extractSid,
  messagesUrl,
  normalizeChannel,
  normalizeContentTemplateType,
  resolveTwilioPageUrl,
  templateTypesForChannel,
  twilioUrl,
  US1_TARGET,
  settingsProblem
} from '../twilio'
import { ACCOUNT_SID, MG_SID } from './__helpers__/fixtures'

describe('Twilio knowledge', () => {
  it.each([
    [MG_SID, MG_SID],
    [`  ${MG_SID}  `, MG_SID],
    [`Promo [${MG_SID}]`, MG_SID],
    [`Promo [EU] [beta] [${MG_SID}]`, MG_SID],
    [`Name [ ${MG_SID} ] `, MG_SID],
    ['no brackets at all', 'no brackets at all']
  ])('extractSid(%j) = %j', (input, expected) => {
    expect(extractSid(input)).toBe(expected)
  })

  it.each([
    ['sms', 'SMS'],
    ['Whatsapp', 'Whatsapp'],
    ['WhatsApp', 'Whatsapp'],
    [' rcs ', 'RCS'],
    ['MESSENGER', 'Messenger'],
    ['fax', undefined],
    [42, undefined]
  ])('normalizeChannel(%j) = %j', (input, expected) => {
    expect(normalizeChannel(input)).toBe(expected)
  })

  it('matches template type names case-insensitively', () => {
    expect(normalizeContentTemplateType('whatsapp card')).toBe('WhatsApp Card')
    expect(normalizeContentTemplateType('INLINE')).toBe('Inline')
    expect(normalizeContentTemplateType('twilio/text')).toBeUndefined()
  })

  it('maps template types to the channels of twilio-facts.md', () => {
    expect(templateTypesForChannel('SMS').map((t) => t.name)).toEqual(['Text'])
    expect(templateTypesForChannel('MMS').map((t) => t.name)).toEqual(['Media'])
    expect(templateTypesForChannel('RCS').map((t) => t.name)).toEqual(['Text', 'Media', 'Card', 'Carousel'])
    expect(templateTypesForChannel('Messenger').map((t) => t.name)).toEqual([
      'Text',
      'Media',
      'Quick Reply',
      'Call to Action',
      'Card'
    ])
    expect(templateTypesForChannel('Whatsapp')).toHaveLength(11)
    expect(CONTENT_TEMPLATE_TYPES.find((t) => t.name === 'Carousel')?.twilioType).toBe('twilio/carousel')
    expect(CONTENT_TEMPLATE_TYPES.find((t) => t.name === 'Catalog')?.twilioType).toBe('twilio/catalog')
  })

  describe('hosts', () => {
    it('uses Twilio’s hosts', () => {
      expect(messagesUrl(US1_TARGET, ACCOUNT_SID)).toBe(
        `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`
      )
      expect(twilioUrl(US1_TARGET, 'content', '/v1/Content')).toBe('https://content.twilio.com/v1/Content')
      expect(resolveTwilioPageUrl(US1_TARGET, 'api', '/2010-04-01/x.json?Page=1')).toBe(
        'https://api.twilio.com/2010-04-01/x.json?Page=1'
      )
      expect(resolveTwilioPageUrl(US1_TARGET, 'content', 'https://content.twilio.com/v1/Content?Page=1')).toBe(
        'https://content.twilio.com/v1/Content?Page=1'
      )
    })

    it.each([
      'mailto:.attacker.example/x',
      'x:@attacker.example/p',
      'javascript:alert(1)',
      'https://content.twilio.com@attacker.example/v1/Content',
      '//attacker.example/v1/Content'
    ])('never lets the next-page link %j send the credentials to another host', (link) => {
      let resolved: string | undefined
      try {
        resolved = resolveTwilioPageUrl(US1_TARGET, 'content', link)
      } catch (error) {
        expect((error as Error).name).toBe('TwilioResponseFormatError')
        return
      }
      expect(new URL(resolved).host).toBe('content.twilio.com')
    })
  })
})

describe('settingsProblem with settings of the wrong shape', () => {
  it.each([
    [{ accountSID: 42, apiKeySID: 'SK' + '0'.repeat(32), apiKeySecret: 's' }, /Twilio Account SID \(accountSID\)/],
    [{ accountSID: 'AC' + '0'.repeat(32), apiKeySID: ['SK'], apiKeySecret: 's' }, /Twilio API Key SID \(apiKeySID\)/],
    [
      { accountSID: 'AC' + '0'.repeat(32), apiKeySID: 'SK' + '0'.repeat(32), apiKeySecret: { value: 's' } },
      /Twilio API Key Secret \(apiKeySecret\)/
    ]
  ])('names the setting instead of throwing: %j', (settings, message) => {
    expect(() => settingsProblem(settings)).not.toThrow()
    expect(settingsProblem(settings)).toMatch(message)
  })
})
