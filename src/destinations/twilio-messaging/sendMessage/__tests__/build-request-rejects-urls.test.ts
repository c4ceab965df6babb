// buildMessageRequest's rules for the URLs Twilio fetches (MediaUrl) and calls (StatusCallback): checked as the
// exact text that is sent, refused when Twilio could not use them, with the field's name and the fix.
import nock from 'nock'
import { createTestIntegration, PayloadValidationError } from '@segment/actions-core'
import type { JSONObject } from '@segment/actions-core'
import destination from '../..'
import type { Payload } from '../generated-types'
import { clearMemoryDedup } from '../dedup'
import { build } from './__helpers__/build-params'
import { buildMessageRequest } from '../build-request'
import { mapping as smsMapping, settings, smsEvent } from './__helpers__/fixtures'
import { smsPayload } from '../../__tests__/__helpers__/fixtures'

const media = (url: string): Partial<Payload> => ({ channel: 'MMS', inlineMediaUrls: [url] })
const callback = (url: string): Partial<Payload> => ({ statusCallback: url })

/** Each bad address, as a media URL and as a status callback, with what the message must say. */
const addresses: Array<[string, string, RegExp]> = [
  [
    'a typed placeholder',
    'https://example.com/{{properties.image}}.png',
    /holds the placeholder text '\{\{' or '\}\}'/
  ],
  ['a closing pair only', 'https://example.com/a}}.png', /holds the placeholder text/],
  ['a line feed', 'https://example.com/a\n.png', /contains a character a URL cannot hold \(<U\+000A>/],
  ['a carriage return', 'https://example.com/\r/a.png', /<U\+000D>/],
  ['a tab', 'https://example.com/\t/a.png', /<U\+0009>/],
  ['a space inside', 'https://example.com/a b.png', /<U\+0020>/],
  [
    'a zero-width space in the host',
    'https://exa\u200Bmple.com/a.png',
    /'https:\/\/exa<U\+200B>mple\.com\/a\.png'.*<U\+200B>/
  ],
  ['a byte order mark', 'https://example.com/\uFEFFa.png', /<U\+FEFF>/],
  ['a right-to-left mark', 'https://example.com/\u200Fa.png', /<U\+200F>/],
  ['a no-break space', 'https://example.com/\u00A0a.png', /<U\+00A0>/],
  ['a backslash', 'https://example.com\\@evil.example/a.png', /<U\+005C>/],
  [
    'no // after the scheme',
    'https:example.com/a.png',
    /is not an absolute http\(s\) URL: it must start with http:\/\/ or https:\/\//
  ],
  ['one slash after the scheme', 'https:/example.com/a.png', /is not an absolute http\(s\) URL/],
  [
    'no host',
    'https:///a.png',
    /is not an absolute http\(s\) URL: it must start with http:\/\/ or https:\/\/ and a host/
  ],
  ['a host in hexadecimal', 'http://0x7f.1/a.png', /writes its host as '0x7f\.1', which is read as '127\.0\.0\.1'/],
  ['a host as one number', 'http://2130706433/a.png', /is read as '127\.0\.0\.1'/],
  ['a percent-encoded host', 'https://exa%6Dple.com/a.png', /is read as 'example\.com'/],
  [
    'the cloud metadata address',
    'http://169.254.169.254/latest/meta-data',
    /points at a link-local address \(169\.254\.169\.254\)/
  ],
  ['loopback', 'http://127.0.0.1:8080/a.png', /points at a loopback address \(this machine\) \(127\.0\.0\.1\)/],
  ['loopback, another address', 'http://127.8.9.10/a.png', /a loopback address/],
  ['localhost', 'http://localhost:3000/a.png', /points at a name for this machine \(localhost\)/],
  ['a localhost subdomain', 'http://app.localhost/a.png', /a name for this machine/],
  ['a 10/8 address', 'https://10.0.0.5/a.png', /points at a private address \(10\.0\.0\.5\)/],
  ['a 172.16/12 address', 'https://172.20.1.1/a.png', /a private address/],
  ['a 192.168/16 address', 'https://192.168.1.10/a.png', /a private address/],
  ['0.0.0.0', 'http://0.0.0.0/a.png', /an unspecified address/],
  ['IPv6 loopback', 'http://[::1]/a.png', /a loopback address \(this machine\) \(\[::1\]\)/],
  ['IPv6 unique local', 'http://[fd12:3456::1]/a.png', /a private \(unique local\) address/],
  ['IPv6 link-local', 'http://[fe80::1]/a.png', /a link-local address/],
  ['IPv4-mapped loopback', 'http://[::ffff:7f00:1]/a.png', /a loopback address/],
  ['a name without a domain', 'http://intranet/a.png', /a name without a domain/]
]

describe('URLs are refused as they are sent', () => {
  describe.each([
    ['Inline Media URLs (inlineMediaUrls)', media],
    ['Status Callback URL (statusCallback)', callback]
  ])('%s', (field, overrides) => {
    it.each(addresses)('%s', (_name, url, message) => {
      const attempt = () => build({ ...smsPayload(), ...overrides(url) })
      expect(attempt).toThrow(PayloadValidationError)
      expect(attempt).toThrow(message)
      expect(attempt).toThrow(field)
    })
  })

  it('public addresses are sent exactly as written (spaces around them trimmed)', () => {
    const sent = build({
      ...smsPayload(),
      channel: 'MMS',
      inlineMediaUrls: [
        ' https://cdn.example.com/a.png?size=2 ',
        'http://93.184.216.34/b.png',
        'https://[2606:4700::1]/c'
      ],
      statusCallback: 'https://user:pass@hooks.example.com:8443/twilio/status?x=1#y'
    })
    expect(sent.filter(([name]) => name === 'MediaUrl').map(([, url]) => url)).toEqual([
      'https://cdn.example.com/a.png?size=2',
      'http://93.184.216.34/b.png',
      'https://[2606:4700::1]/c'
    ])
    expect(sent).toContainEqual(['StatusCallback', 'https://user:pass@hooks.example.com:8443/twilio/status?x=1#y'])
  })
})

describe('through actions-core: braces from event data never reach Twilio', () => {
  const testDestination = createTestIntegration(destination)
  beforeAll(() => nock.disableNetConnect())
  beforeEach(() => clearMemoryDedup())
  afterEach(() => nock.cleanAll())
  afterAll(() => nock.enableNetConnect())

  it.each([
    ['inlineMediaUrls', { channel: 'MMS', inlineMediaUrls: { '@path': '$.properties.image' } }, /Inline Media URLs/],
    ['statusCallback', { statusCallback: { '@path': '$.properties.image' } }, /Status Callback URL/],
    ['statusCallback from a template', { statusCallback: { '@template': '{{properties.image}}' } }, /Status Callback/]
  ])('%s', async (_name, overrides, field) => {
    const twilio = nock('https://api.twilio.com').post(/.*/).reply(201, { sid: 'SM1', status: 'queued' })
    const mapping = { ...smsMapping, ...overrides } as JSONObject
    const event = smsEvent({ image: 'https://example.com/{{receipt_id}}.png' })
    const error = await testDestination.testAction('sendMessage', { event, settings, mapping }).catch((e: Error) => e)
    expect(error).toBeInstanceOf(PayloadValidationError)
    expect((error as Error).message).toMatch(field)
    expect((error as Error).message).toMatch(/holds the placeholder text '\{\{' or '\}\}'/)
    expect(twilio.isDone()).toBe(false)
  })
})

describe('a Twilio stand-in on this machine (localTwilio, set only by the dev tools)', () => {
  const local = (overrides: Partial<Payload>) =>
    buildMessageRequest(smsPayload(overrides), { now: new Date(Date.now()), localTwilio: true }).params

  it('lets loopback URLs through, as the emulator can reach them; private ranges stay refused', () => {
    expect(local(callback('http://127.0.0.1:3000/callbacks'))).toContainEqual([
      'StatusCallback',
      'http://127.0.0.1:3000/callbacks'
    ])
    expect(local(media('http://localhost:3000/a.png'))).toContainEqual(['MediaUrl', 'http://localhost:3000/a.png'])
    expect(() => local(callback('http://10.0.0.1/cb'))).toThrow(/Twilio cannot reach/)
    // Without it (Segment's runtime), loopback is refused like any address Twilio cannot reach.
    expect(() => build(smsPayload(callback('http://127.0.0.1:3000/callbacks')))).toThrow(/a loopback address/)
  })
})
