// Dropdown lookups and redirects: the HTTP client is told not to follow them (node-fetch 2 would, keeping the
// Authorization header for any subdomain), and the lookup follows only those to Twilio's own hosts.
import nock from 'nock'
import { API, CONTENT, MESSAGING, service, sid } from '../../__tests__/__helpers__/twilio-lists'
import { lookup, values } from './__helpers__/dynamic-field-lookup'
import { useNockedTwilio } from './__helpers__/lookup-environment'

useNockedTwilio()

/**
 * A host that would receive the request if a redirect were followed: it records whatever reaches it. Each test
 * removes it (nock.cleanAll) once it has checked that nothing arrived.
 */
function elsewhere(origin: string) {
  const received: Array<string | string[] | undefined> = []
  const scope = nock(origin)
    .persist()
    .get(/.*/)
    .reply(function () {
      received.push(this.req.headers.authorization)
      return [200, { services: [service(9)], meta: { next_page_url: null } }]
    })
  return { received, scope }
}

describe('a lookup answered with a redirect', () => {
  it.each([
    ['another host', 'https://evil.example'],
    ['a subdomain of api.twilio.com', 'https://eu.api.twilio.com'],
    ['the same host over plain http', 'http://messaging.twilio.com']
  ])('to %s: not followed, a clear error, the credentials go nowhere', async (_name, origin) => {
    for (const status of [301, 302, 307, 308]) {
      const target = elsewhere(origin)
      nock(MESSAGING)
        .get('/v1/Services')
        .query(true)
        .reply(status, '', { Location: `${origin}/v1/Services?PageSize=1000` })
      const response = await lookup('messagingServiceSid', {})
      expect(response.choices).toEqual([])
      expect(response.error).toEqual({
        code: 'TWILIO_REDIRECT',
        message: expect.stringContaining(`redirects to ${origin}, which the lookup does not follow`)
      })
      expect(target.received).toEqual([])
      nock.cleanAll()
    }
  })

  it("to the same Twilio host: followed, with the account's credentials", async () => {
    nock(MESSAGING)
      .get('/v1/Services')
      .query({ PageSize: '1000' })
      .reply(307, '', { Location: `${MESSAGING}/v1/Services?PageSize=1000&Moved=1` })
      .get('/v1/Services')
      .query({ PageSize: '1000', Moved: '1' })
      .reply(200, { services: [service(1), service(2)], meta: { next_page_url: null } })
    expect(values(await lookup('messagingServiceSid', {}))).toHaveLength(2)
  })

  it('again and again between Twilio hosts: stops with a clear error', async () => {
    nock(MESSAGING)
      .persist()
      .get('/v1/Services')
      .query(true)
      .reply(302, '', { Location: `${MESSAGING}/v1/Services?PageSize=1000` })
    const response = await lookup('messagingServiceSid', {})
    expect(response.error).toEqual({
      code: 'TWILIO_REDIRECT',
      message: expect.stringContaining('redirects again and again')
    })
  })

  it("for a template's variables (contentVariables.__keys__): not followed off Twilio", async () => {
    const target = elsewhere('https://evil.example')
    const contentSid = sid('HX', 1)
    nock(CONTENT)
      .get(`/v1/Content/${contentSid}`)
      .reply(302, '', { Location: `https://evil.example/v1/Content/${contentSid}` })
    const response = await lookup('contentVariables.__keys__', { contentSid })
    expect(response.error?.code).toBe('TWILIO_REDIRECT')
    expect(target.received).toEqual([])
    nock.cleanAll()
  })

  it('a 2010 list (phone numbers) redirected off Twilio: not followed', async () => {
    const target = elsewhere('https://evil.example')
    nock(API)
      .get(/IncomingPhoneNumbers\.json/)
      .query(true)
      .reply(308, '', { Location: 'https://evil.example/numbers' })
      .get(/ShortCodes\.json/)
      .query(true)
      .reply(200, { short_codes: [], next_page_uri: null })
    const response = await lookup('fromPhoneNumber', { channel: 'SMS' })
    expect(response.error?.code).toBe('TWILIO_REDIRECT')
    expect(target.received).toEqual([])
    nock.cleanAll()
  })
})
