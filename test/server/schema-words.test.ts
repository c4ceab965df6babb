// actions-core's schema messages reach no user as they are: POST /<action>, its batches and npm run send restate them
// in the action's words (src/server/schema-words.ts), naming the field, when it is needed and what to do.
import { fields } from '../../src/destinations/twilio-messaging/sendMessage/fields'
import { entryInPlainWords, plainSchemaWords } from '../../src/server/schema-words'

describe('schema messages in plain words', () => {
  it('a missing required field: its label and key, when it is needed and the fix; the "then" noise dropped', () => {
    const message =
      'The root value is missing the required field \'toMessengerUserId\'. The root value must match "then" schema.'
    expect(plainSchemaWords(message, fields)).toBe(
      'To Messenger User ID (toMessengerUserId) is required when Channel is "Messenger": map it from the event or type a value.'
    )
    expect(plainSchemaWords("The root value is missing the required field 'channel'.", fields)).toBe(
      'Channel (channel) is required: map it from the event or type a value.'
    )
  })

  it('a value of the wrong type or out of bounds: the field and the rule', () => {
    expect(plainSchemaWords('The value at /validityPeriod must be number.', fields)).toBe(
      'Validity Period (validityPeriod) must be number: change its value.'
    )
  })

  it('leaves the destination’s own messages alone, and rewrites the field messages of an entry too', () => {
    const own = 'To Phone Number (toPhoneNumber) is required for SMS: map it to the recipient.'
    expect(plainSchemaWords(own, fields)).toBe(own)
    const entry = entryInPlainWords(
      {
        message: "The root value is missing the required field 'messagingServiceSid'.",
        fields: { messagingServiceSid: "The root value is missing the required field 'messagingServiceSid'." }
      },
      fields
    )
    expect(entry.message).toMatch(/^Messaging Service SID \(messagingServiceSid\) is required when Channel is "RCS"/)
    expect(entry.fields?.messagingServiceSid).toBe(entry.message)
    expect(JSON.stringify(entry)).not.toMatch(/root value|schema/)
  })
})
