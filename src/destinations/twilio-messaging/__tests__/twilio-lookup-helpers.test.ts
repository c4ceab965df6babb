import {
  capabilityNames,
  hasCapability,
  US1_TARGET,
  resolveTwilioPageUrl,
  settingsProblem,
  templateVariableNames,
  whatsappApprovalStatus
} from '../twilio'
import { settings } from './__helpers__/twilio-lists'

describe('resolveTwilioPageUrl', () => {
  it('resolves 2010 paths against api.twilio.com and keeps v1 URLs on their service host', () => {
    expect(resolveTwilioPageUrl(US1_TARGET, 'api', '/2010-04-01/Accounts/AC1/IncomingPhoneNumbers.json?Page=1')).toBe(
      'https://api.twilio.com/2010-04-01/Accounts/AC1/IncomingPhoneNumbers.json?Page=1'
    )
    expect(
      resolveTwilioPageUrl(US1_TARGET, 'content', 'https://content.twilio.com/v1/Content?PageSize=50&Page=1')
    ).toBe('https://content.twilio.com/v1/Content?PageSize=50&Page=1')
  })

  it('never leaves the service host, whatever the link says', () => {
    expect(resolveTwilioPageUrl(US1_TARGET, 'messaging', 'https://evil.example/v1/Services?Page=1')).toBe(
      'https://messaging.twilio.com/v1/Services?Page=1'
    )
    expect(resolveTwilioPageUrl(US1_TARGET, 'messaging', '//evil.example/v1/Services')).toBe(
      'https://messaging.twilio.com/v1/Services'
    )
  })
})

describe('number capabilities', () => {
  it('are read in any case', () => {
    expect(hasCapability({ SMS: true }, 'sms')).toBe(true)
    expect(hasCapability({ Mms: true }, 'mms')).toBe(true)
    expect(hasCapability({ sms: false, SMS: true }, 'sms')).toBe(true)
    expect(hasCapability({ voice: true }, 'sms')).toBe(false)
    expect(hasCapability(null, 'sms')).toBe(false)
    expect(capabilityNames({ voice: true, SMS: true, MMS: false })).toEqual(['SMS', 'Voice'])
  })
})

describe('whatsappApprovalStatus', () => {
  it('reads the flat and the nested shape, lowercased', () => {
    expect(whatsappApprovalStatus({ approval_requests: { status: 'Approved' } })).toBe('approved')
    expect(whatsappApprovalStatus({ approval_requests: { whatsapp: { status: 'rejected' } } })).toBe('rejected')
    expect(whatsappApprovalStatus({ approval_requests: { status: '' } })).toBeUndefined()
    expect(whatsappApprovalStatus({})).toBeUndefined()
  })
})

describe('templateVariableNames', () => {
  it('collects variables and placeholders from every type once, numeric order', () => {
    expect(
      templateVariableNames({
        variables: { '2': 'b' },
        types: {
          'twilio/carousel': { body: '{{1}} {{1}}', cards: [{ title: '{{ 10 }}', actions: [{ url: 'x/{{2}}' }] }] },
          'twilio/text': { body: 'no placeholders {single} {{}}' }
        }
      })
    ).toEqual(['1', '2', '10'])
  })
})

describe('settingsProblem', () => {
  it('accepts good settings and names the bad one', () => {
    expect(settingsProblem(settings)).toBeUndefined()
    expect(settingsProblem({ ...settings, accountSID: 'AC123' })).toMatch(/Account SID/)
    expect(settingsProblem({ ...settings, apiKeySID: '' })).toMatch(/API Key SID/)
    expect(settingsProblem({ ...settings, apiKeySecret: '' })).toMatch(/API Key Secret/)
    expect(settingsProblem(undefined)).toMatch(/Account SID/)
  })
})
