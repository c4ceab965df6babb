// Messages create rejects bad input with Twilio's error code and status, before recording anything: one case per
// rule, the magic numbers of Twilio's test credentials included.
import { apiPath, basicAuth, sendMessage } from './emulator-helpers'
import { DAY, MAIN, MARKETING, MINUTE, TO, contentSid } from './helpers/emulator-fixtures'
import { emulator, later, useFixedClockEmulator } from './helpers/fixed-clock-emulator'

useFixedClockEmulator()

describe('Messages create: validation', () => {
  const ok = { To: TO, From: MAIN, Body: 'Hello' }
  const cases: [string, Record<string, string | string[]>, number, number?][] = [
    ['missing To', { From: MAIN, Body: 'x' }, 21604],
    ['neither From nor MessagingServiceSid', { To: TO, Body: 'x' }, 21603],
    ['no Body, MediaUrl or ContentSid', { To: TO, From: MAIN }, 21602],
    ['empty Body', { ...ok, Body: '' }, 21602],
    ['Body over 1600 characters', { ...ok, Body: 'a'.repeat(1601) }, 21617],
    ['11 media URLs', { ...ok, MediaUrl: Array.from({ length: 11 }, (_, i) => `https://x.example/${i}.jpg`) }, 21623],
    ['a media URL that is not http(s)', { ...ok, MediaUrl: 'ftp://x.example/a.jpg' }, 21620],
    ['a malformed MessagingServiceSid', { To: TO, MessagingServiceSid: 'MG123', Body: 'x' }, 21705],
    ['an unknown Messaging Service', { To: TO, MessagingServiceSid: `MG${'0'.repeat(32)}`, Body: 'x' }, 21701],
    ['a malformed ContentSid', { To: TO, From: MAIN, ContentSid: 'HXnope' }, 21655],
    ['an unknown ContentSid', { To: TO, From: MAIN, ContentSid: `HX${'0'.repeat(32)}` }, 21655],
    [
      'ContentVariables that are not JSON',
      { ...ok, ContentSid: contentSid('order_confirmation'), ContentVariables: '{' },
      21656
    ],
    [
      'ContentVariables that are an array',
      { ...ok, ContentSid: contentSid('order_confirmation'), ContentVariables: '[]' },
      21656
    ],
    ['an empty variable', { ...ok, ContentSid: contentSid('order_confirmation'), ContentVariables: '{"1":""}' }, 21656],
    ['a number variable', { ...ok, ContentSid: contentSid('order_confirmation'), ContentVariables: '{"1":5}' }, 21656],
    [
      '101 variables',
      {
        ...ok,
        ContentSid: contentSid('order_confirmation'),
        ContentVariables: JSON.stringify(Object.fromEntries(Array.from({ length: 101 }, (_, i) => [String(i), 'v'])))
      },
      21656
    ],
    ['To that is not E.164', { ...ok, To: '4155551212' }, 21211],
    ['a 5-digit short code as To', { ...ok, To: '89757' }, 21265],
    ['a 6-digit short code as To', { ...ok, To: '123456' }, 21265],
    ['a WhatsApp To that is not E.164', { ...ok, To: 'whatsapp:12', From: 'whatsapp:+14155550123' }, 21211],
    ['From that is not an address', { ...ok, From: '+1 (415) !!' }, 21212],
    ['From that is not in the account', { ...ok, From: '+14155559999' }, 21606],
    ['a voice-only From', { ...ok, From: '+14155550102' }, 21606],
    ['media from an SMS-only number', { ...ok, From: '+14155550101', MediaUrl: 'https://x.example/a.jpg' }, 21606],
    ['a short code not in the account', { ...ok, From: '12345' }, 21606],
    ['whatsapp: To with a plain From', { ...ok, To: `whatsapp:${TO}` }, 21910],
    ['plain To with a whatsapp: From', { ...ok, From: 'whatsapp:+14155550123' }, 21910],
    ['an unregistered WhatsApp sender', { ...ok, To: `whatsapp:${TO}`, From: 'whatsapp:+14155550100' }, 63007],
    ['To equal to From', { ...ok, To: MAIN }, 21266],
    ['SendAt without a Messaging Service', { ...ok, SendAt: later(DAY), ScheduleType: 'fixed' }, 35118],
    [
      'ScheduleType fixed without SendAt',
      { To: TO, MessagingServiceSid: MARKETING, Body: 'x', ScheduleType: 'fixed' },
      35111
    ],
    [
      'ScheduleType other than fixed',
      { To: TO, MessagingServiceSid: MARKETING, Body: 'x', ScheduleType: 'later', SendAt: later(DAY) },
      35126
    ],
    ['SendAt without ScheduleType', { To: TO, MessagingServiceSid: MARKETING, Body: 'x', SendAt: later(DAY) }, 35126],
    [
      'SendAt 10 minutes ahead (under the 15-minute minimum)',
      { To: TO, MessagingServiceSid: MARKETING, Body: 'x', ScheduleType: 'fixed', SendAt: later(10 * MINUTE) },
      35114
    ],
    [
      'SendAt 14 minutes 59 s ahead',
      { To: TO, MessagingServiceSid: MARKETING, Body: 'x', ScheduleType: 'fixed', SendAt: later(15 * MINUTE - 1000) },
      35114
    ],
    [
      'SendAt 35 days and 1 s ahead',
      { To: TO, MessagingServiceSid: MARKETING, Body: 'x', ScheduleType: 'fixed', SendAt: later(35 * DAY + 1000) },
      35115
    ],
    [
      'SendAt in the past',
      { To: TO, MessagingServiceSid: MARKETING, Body: 'x', ScheduleType: 'fixed', SendAt: later(-DAY) },
      35114
    ],
    [
      'SendAt not ISO-8601',
      { To: TO, MessagingServiceSid: MARKETING, Body: 'x', ScheduleType: 'fixed', SendAt: 'tomorrow' },
      35114
    ],
    ['ValidityPeriod 0', { ...ok, ValidityPeriod: '0' }, 90007],
    ['ValidityPeriod 36001', { ...ok, ValidityPeriod: '36001' }, 90007],
    ['ValidityPeriod not a number', { ...ok, ValidityPeriod: 'soon' }, 90007],
    ['a relative StatusCallback', { ...ok, StatusCallback: '/status' }, 21609],
    ['a StatusCallback host with an underscore', { ...ok, StatusCallback: 'https://my_host.example/s' }, 21609],
    // Magic numbers of the test credentials.
    ['magic From +15005550001', { ...ok, From: '+15005550001' }, 21212],
    ['magic From +15005550007', { ...ok, From: '+15005550007' }, 21606],
    ['magic From +15005550008', { ...ok, From: '+15005550008' }, 21611],
    ['magic To +15005550001', { ...ok, To: '+15005550001' }, 21211],
    ['magic To +15005550002', { ...ok, To: '+15005550002' }, 21612],
    ['magic To +15005550003', { ...ok, To: '+15005550003' }, 21408],
    ['magic To +15005550004', { ...ok, To: '+15005550004' }, 21610],
    ['magic To +15005550009', { ...ok, To: '+15005550009' }, 21614]
  ]

  it.each(cases)('rejects %s', async (_name, input, code, status = 400) => {
    const response = await sendMessage(emulator, input)
    expect(response.body).toEqual({
      code,
      message: expect.any(String),
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      status
    })
    expect(response.status).toBe(status)
    expect(emulator.state.counters.rejected).toBe(1)
    expect(emulator.state.counters.accepted).toBe(0)
    expect(emulator.state.messages).toHaveLength(0)
  })

  it('treats a body that is not form-encoded as empty (missing To)', async () => {
    const response = await fetch(`${emulator.url}${apiPath()}/Messages.json`, {
      method: 'POST',
      headers: { authorization: basicAuth(), 'content-type': 'application/json' },
      body: JSON.stringify({ To: TO, From: MAIN, Body: 'x' })
    })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { code: number }).code).toBe(21604)
  })
})
