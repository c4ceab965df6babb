// buildMessageRequest's rules for who sends to whom: channel, sender type, recipient and sender addresses, SIDs.
// Each rejects with a PayloadValidationError naming the field and the fix.
import { PayloadValidationError } from '@segment/actions-core'
import type { Payload } from '../generated-types'
import { build, viaMessagingService } from './__helpers__/build-params'
import { HX_SID, smsPayload } from '../../__tests__/__helpers__/fixtures'

describe('buildMessageRequest: every rule rejects with the field and the fix', () => {
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
      { ...viaMessagingService, messagingServiceSid: 'MG123' },
      /Messaging Service SID \(messagingServiceSid\) 'MG123' is not a valid SID: it must be MG followed by 32 hexadecimal/
    ],
    [
      'Messaging Service SID of another kind',
      { ...viaMessagingService, messagingServiceSid: `Name [${HX_SID}]` },
      /Messaging Service SID \(messagingServiceSid\) 'HX/
    ],
    [
      'missing Messaging Service SID',
      { ...viaMessagingService, messagingServiceSid: ' ' },
      /Messaging Service SID \(messagingServiceSid\) is required/
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
    [
      'a 5-digit short code as the SMS recipient',
      { toPhoneNumber: '12345' },
      /To Phone Number \(toPhoneNumber\) '12345' is a short code, and short codes cannot receive messages \(Twilio error 21265\)/
    ],
    [
      'a 6-digit short code as the MMS recipient, even with a default country',
      { channel: 'MMS', toPhoneNumber: '123456', defaultCountry: 'US' },
      /To Phone Number \(toPhoneNumber\) '123456' is a short code, and short codes cannot receive messages/
    ]
  ]

  it.each(cases)('%s', (_name, overrides, message) => {
    const attempt = () => build({ ...smsPayload(), ...overrides })
    expect(attempt).toThrow(PayloadValidationError)
    expect(attempt).toThrow(message)
  })
})
