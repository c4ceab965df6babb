// Messages create accepts valid input: the answer's fields, SM/MM SIDs, Messaging Services, scheduling, segment
// counts, content templates and every kind of sender.
import { DEMO_CREDENTIALS, MAGIC_FROM_OK } from '../src/emulator/seed'
import { apiPath, sendMessage } from './emulator-helpers'
import { DAY, MAIN, MARKETING, MINUTE, NOTIFICATIONS, TO, contentSid } from './helpers/emulator-fixtures'
import { emulator, later, useFixedClockEmulator } from './helpers/fixed-clock-emulator'

useFixedClockEmulator()

describe('Messages create: success', () => {
  it('answers 201 with a queued SM message when From is given', async () => {
    const response = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'Hello there', Tags: '{"a":"b"}' })
    expect(response.status).toBe(201)
    const body = response.body
    expect(body.sid).toMatch(/^SM[0-9a-f]{32}$/)
    expect(body).toMatchObject({
      account_sid: DEMO_CREDENTIALS.accountSid,
      api_version: '2010-04-01',
      body: 'Hello there',
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: MAIN,
      messaging_service_sid: null,
      num_media: '0',
      num_segments: '1',
      price: null,
      status: 'queued',
      to: TO,
      date_created: 'Sun, 01 Jun 2025 12:00:00 +0000',
      uri: `${apiPath()}/Messages/${body.sid}.json`
    })
    expect(emulator.state.counters.accepted).toBe(1)
    expect(emulator.state.messages[0]).toMatchObject({ sid: body.sid, tags: '{"a":"b"}' })
  })

  it('answers MM and num_media for media, repeated MediaUrl keys becoming a list', async () => {
    const media = ['https://x.example/a.jpg', 'https://x.example/b.jpg']
    const response = await sendMessage(emulator, { To: TO, From: MAIN, MediaUrl: media })
    expect(response.status).toBe(201)
    expect(response.body.sid).toMatch(/^MM[0-9a-f]{32}$/)
    expect(response.body.num_media).toBe('2')
    expect(emulator.state.messages[0].mediaUrls).toEqual(media)
  })

  it('answers accepted through a Messaging Service, with from null and num_segments "0"', async () => {
    const response = await sendMessage(emulator, { To: TO, MessagingServiceSid: MARKETING, Body: 'Hi' })
    expect(response.status).toBe(201)
    expect(response.body).toMatchObject({
      status: 'accepted',
      from: null,
      messaging_service_sid: MARKETING,
      num_segments: '0'
    })
  })

  it.each([
    ['exactly 15 minutes', 15 * MINUTE],
    ['exactly 35 days', 35 * DAY]
  ])('answers scheduled for SendAt %s ahead', async (_name, ahead) => {
    const response = await sendMessage(emulator, {
      To: TO,
      MessagingServiceSid: MARKETING,
      Body: 'Later',
      ScheduleType: 'fixed',
      SendAt: later(ahead)
    })
    expect(response.status).toBe(201)
    expect(response.body.status).toBe('scheduled')
    expect(emulator.state.messages[0].sendAt).toBe(later(ahead))
  })

  it.each([
    ['160 GSM-7 characters', 'a'.repeat(160), 1],
    ['161 GSM-7 characters', 'a'.repeat(161), 2],
    ['306 GSM-7 characters', 'a'.repeat(306), 2],
    ['80 extension characters (2 septets each)', '€'.repeat(80), 1],
    ['81 extension characters', '€'.repeat(81), 2],
    ['70 UCS-2 characters', 'ж'.repeat(70), 1],
    ['71 UCS-2 characters', 'ж'.repeat(71), 2],
    ['one emoji among GSM text', `${'a'.repeat(69)}👍`, 2]
  ])('counts segments for %s', async (_name, body, segments) => {
    const response = await sendMessage(emulator, { To: TO, From: MAIN, Body: body })
    expect(response.status).toBe(201)
    expect(response.body.num_segments).toBe(String(segments))
  })

  it('renders a content template with variables and defaults', async () => {
    const response = await sendMessage(emulator, {
      To: TO,
      From: MAIN,
      ContentSid: contentSid('order_confirmation'),
      ContentVariables: '{"1":"Ada"}'
    })
    expect(response.status).toBe(201)
    expect(response.body.body).toBe('Hi Ada, your order is confirmed. Reply STOP to opt out.')
    expect(emulator.state.messages[0]).toMatchObject({ contentVariables: { 1: 'Ada' } })
  })

  it.each([
    ['the magic From number', { To: TO, From: MAGIC_FROM_OK, Body: 'x' }],
    ['a short code of the account', { To: TO, From: '89757', Body: 'x' }],
    ['an alphanumeric sender ID', { To: TO, From: 'ACME Shop', Body: 'x' }],
    ['a number with upper-case capability keys', { To: TO, From: '+442071838750', Body: 'x' }],
    ['WhatsApp on both sides', { To: `whatsapp:${TO}`, From: 'whatsapp:+14155550123', Body: 'x' }],
    ['Messenger on both sides', { To: 'messenger:2345678901', From: 'messenger:101234567890123', Body: 'x' }],
    ['RCS through a Messaging Service', { To: `rcs:${TO}`, MessagingServiceSid: MARKETING, Body: 'x' }],
    ['WhatsApp through a Messaging Service', { To: `whatsapp:${TO}`, MessagingServiceSid: NOTIFICATIONS, Body: 'x' }],
    [
      'ValidityPeriod 36000 and a StatusCallback',
      { To: TO, From: MAIN, Body: 'x', ValidityPeriod: '36000', StatusCallback: 'https://hooks.example/s' }
    ],
    ['unknown parameters', { To: TO, From: MAIN, Body: 'x', ShortenUrls: 'true', SmartEncoded: 'true' }]
  ])('accepts %s', async (_name, input) => {
    const response = await sendMessage(emulator, input)
    expect(response.status).toBe(201)
    expect(emulator.state.counters.accepted).toBe(1)
  })
})
