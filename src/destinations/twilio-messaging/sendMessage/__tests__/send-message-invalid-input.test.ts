// Input the sendMessage action refuses (schema or its own rules) fails with a clear error and sends nothing to Twilio.
import nock from 'nock'
import { IntegrationError, PayloadValidationError } from '@segment/actions-core'
import { baseMapping, expectMessage, send, useNockedMessages } from './__helpers__/send-message-harness'

useNockedMessages()

describe('sendMessage: invalid input never reaches Twilio', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    // Optional in the schema, as in the live destination: perform names the field and the fix.
    [
      'missing To for SMS',
      { toPhoneNumber: undefined },
      /To Phone Number \(toPhoneNumber\) is required for SMS: map it to the recipient/
    ],
    [
      'missing From for the Phone number sender',
      { fromPhoneNumber: undefined },
      /From Phone Number \(fromPhoneNumber\)/
    ],
    [
      'missing Messaging Service SID',
      { senderType: 'Messaging Service' },
      /Messaging Service SID \(messagingServiceSid\) is required: pick it from the list or type the SID/
    ],
    [
      'missing Content SID for a template',
      { contentTemplateType: 'Text' },
      /Content Template SID \(contentSid\) is required: pick it from the list or type the SID/
    ],
    [
      'missing body and media',
      { inlineBody: undefined },
      /Inline Template \(inlineBody\) is empty: write the message text/
    ],
    // The live destination's schema bounds (type number, 1-14400), with actions-core's own words.
    [
      'schema: validity period above 14400',
      { validityPeriod: 20000 },
      /Validity Period must be equal to or less than 14400/
    ],
    [
      'placeholder with no value',
      { inlineBody: 'Hi {{nickname}}' },
      /uses \{\{nickname\}\}, but the event has no value/
    ],
    ['media on SMS', { inlineMediaUrls: ['https://example.com/a.png'] }, /Set Channel to MMS/],
    [
      'path injection as a Content SID',
      { contentTemplateType: 'Text', contentSid: '../../../2010-04-01/Accounts' },
      /Content Template SID \(contentSid\) '..\/..\/..\/2010-04-01\/Accounts' is not a valid SID/
    ],
    [
      'Messenger missing recipient (lower-case channel)',
      { channel: 'messenger', senderType: 'Facebook Page ID', fromFacebookPageId: '1' },
      /To Messenger User ID \(toMessengerUserId\) is required/
    ]
  ]

  it.each(cases)('%s', async (name, overrides, message) => {
    const unmatched: unknown[] = []
    const onNoMatch = (request: unknown) => unmatched.push(request)
    nock.emitter.on('no match', onNoMatch)
    const { scope } = expectMessage()
    try {
      const error = await send({ ...baseMapping, ...overrides }).then(
        () => undefined,
        (e: unknown) => e
      )
      expect(error).toBeInstanceOf(Error)
      expect((error as Error).message).toMatch(message)
      if (name.startsWith('schema:')) {
        // The field's bounds are enforced by actions-core's schema validation (reported as a 400 by Segment).
        expect((error as Error).name).toBe('AggregateAjvError')
      } else {
        expect(error).toBeInstanceOf(PayloadValidationError)
        expect((error as IntegrationError).status).toBe(400)
      }
      expect(scope.isDone()).toBe(false)
      expect(unmatched).toHaveLength(0)
    } finally {
      nock.emitter.removeListener('no match', onNoMatch)
    }
  })

  it('raises PayloadValidationError for rule breaks found in code', async () => {
    await expect(send({ ...baseMapping, toPhoneNumber: 'not a number' })).rejects.toBeInstanceOf(PayloadValidationError)
  })
})
