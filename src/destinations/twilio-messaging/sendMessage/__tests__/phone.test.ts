import { PayloadValidationError } from '@segment/actions-core'
import { extensionOf, toE164 } from '../phone'
import { readPhoneSender } from '../addresses'

const toNumber = (raw: string, country?: string) => toE164(raw, country, 'toPhoneNumber', 'To Phone Number')

describe('phone numbers with an extension', () => {
  it.each([
    // [as mapped, default country, the extension google-libphonenumber reads]
    ['+1 415 555 2671 ext. 12', undefined, '12'],
    ['+14155552671x12', undefined, '12'],
    ['+1 415-555-2671 #12', undefined, '12'],
    ['+14155552671;ext=3', undefined, '3'],
    ['(415) 555-2671 extension 7', 'US', '7'],
    ['020 7183 8750 ext 44', 'GB', '44']
  ])('%j (default country %s) is refused before sending, naming the field and extension %s', (raw, country, ext) => {
    expect(extensionOf(raw, country)).toBe(ext)
    expect(() => toNumber(raw, country)).toThrow(PayloadValidationError)
    expect(() => toNumber(raw, country)).toThrow(
      `To Phone Number (toPhoneNumber) '${raw}' has extension ${ext}: a message cannot be delivered to an extension. Map a number without one, in E.164 format such as +14155552671.`
    )
  })

  it.each([
    ['+14155552671', undefined, '+14155552671'],
    ['+1 (415) 555-2671', undefined, '+14155552671'],
    ['(415) 555-2671', 'US', '+14155552671'],
    ['020 7183 8750', 'GB', '+442071838750']
  ])('%j (default country %s) without one reads as %s', (raw, country, e164) => {
    expect(extensionOf(raw, country)).toBeUndefined()
    expect(toNumber(raw, country)).toBe(e164)
  })

  it.each(['+14155550100 x12', '+1 (415) 555-0100 ext. 12'])('refuses the From number %j the same way', (raw) => {
    expect(() => readPhoneSender(raw, 'SMS', undefined)).toThrow(
      `From Phone Number (fromPhoneNumber) '${raw}' has extension 12: a message cannot be delivered to an extension.`
    )
  })

  it('keeps the usual message for text that is not a number at all', () => {
    expect(() => toNumber('+1 call me')).toThrow(
      "To Phone Number (toPhoneNumber) '+1 call me' is not a valid phone number"
    )
  })
})
