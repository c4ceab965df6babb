// buildMessageRequest's rules for the send options: validity period, Send At window, status callback, tags.
// Each rejects with a PayloadValidationError naming the field and the fix.
import { PayloadValidationError } from '@segment/actions-core'
import type { Payload } from '../generated-types'
import { build, viaMessagingService } from './__helpers__/build-params'
import { smsPayload } from '../../__tests__/__helpers__/fixtures'

describe('buildMessageRequest: every rule rejects with the field and the fix', () => {
  const cases: Array<[string, Partial<Payload>, RegExp]> = [
    [
      'tag with placeholder braces',
      { tags: { campaign: '{{campaign}}' } },
      /Tags \(tags\) 'campaign' has the unfilled placeholder text/
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
      { ...viaMessagingService, sendAt: '2026-11-26T12:10:00Z' },
      /Send At \(sendAt\) '2026-11-26T12:10:00Z' must be at least 15 minutes in the future: Twilio schedules messages 15 minutes to 35 days ahead \(error 35114\)/
    ],
    [
      'send at a second short of 15 minutes',
      { ...viaMessagingService, sendAt: '2026-11-26T12:14:59Z' },
      /must be at least 15 minutes in the future/
    ],
    [
      'send at in the past',
      { ...viaMessagingService, sendAt: '2026-11-25T12:00:00Z' },
      /must be at least 15 minutes in the future/
    ],
    [
      'send at 35 days and a second ahead',
      { ...viaMessagingService, sendAt: '2026-12-31T12:00:01Z' },
      /is more than 35 days ahead; Twilio schedules at most 35 days in advance\. Pick an earlier time, or clear Send At/
    ],
    [
      'send at that is no date',
      { ...viaMessagingService, sendAt: 'tomorrow' },
      /Send At \(sendAt\) 'tomorrow' is not a date and time/
    ],
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
})
