import nock from 'nock'
import { Response, createRequestClient, createTestIntegration } from '@segment/actions-core'
import destination, { basicAuthorization } from '..'
import { MESSAGES_PATH, mapping, settings, smsEvent, twilioMessage } from './__helpers__/fixtures'

const TWILIO = 'https://api.twilio.com'
const ECHO = 'https://echo.example'

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  nock.cleanAll()
  jest.restoreAllMocks()
})
afterAll(() => nock.enableNetConnect())

/** One header's value: nock 14 gives a string, nock 13 (Segment's monorepo) a one-item list. */
function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? (value[0] as string) : (value as string | undefined)
}

/** The Authorization header actions-core itself sends for `username`/`password` (its basic-auth hook judges). */
async function frameworkAuthorization(username: string, password: string): Promise<string | undefined> {
  let seen: string | undefined
  nock(ECHO)
    .get('/')
    .reply(function () {
      seen = headerValue(this.req.headers, 'authorization')
      return [200, {}]
    })
  await createRequestClient({ username, password })(`${ECHO}/`)
  return seen
}

describe('Authorization header', () => {
  it.each([
    ['an API key', settings.apiKeySID, settings.apiKeySecret],
    ['a secret with a colon and non-ASCII characters', 'SKabc', 'p:ä€ss'],
    ['an empty secret', 'SKabc', ''],
    ['an empty username', '', 'secret']
  ])('has the same bytes as actions-core basic auth for %s', async (_label, username, password) => {
    expect(basicAuthorization(username, password)).toBe(await frameworkAuthorization(username, password))
  })

  it('is absent when both parts are empty, as with actions-core', async () => {
    expect(basicAuthorization('', '')).toBeUndefined()
    expect(basicAuthorization(undefined, undefined)).toBeUndefined()
    expect(await frameworkAuthorization('', '')).toBeUndefined()
  })

  it('is what a send carries, with the key SID trimmed, and no Accept header of ours', async () => {
    let headers: Record<string, unknown> = {}
    nock(TWILIO)
      .post(MESSAGES_PATH)
      .reply(function () {
        headers = this.req.headers
        return [201, twilioMessage('SM1')]
      })
    const testDestination = createTestIntegration(destination)
    await testDestination.testAction('sendMessage', {
      event: smsEvent(),
      settings: { ...settings, apiKeySID: ` ${settings.apiKeySID} ` },
      mapping,
      useDefaultMappings: true
    })
    expect(headerValue(headers, 'authorization')).toBe(
      await frameworkAuthorization(settings.apiKeySID, settings.apiKeySecret)
    )
    // node-fetch's own default: Twilio answers JSON for a `.json` path whatever Accept says.
    expect(headerValue(headers, 'accept')).toBe('*/*')
    expect(headerValue(headers, 'content-type')).toBe('application/x-www-form-urlencoded;charset=UTF-8')
  })
})

describe('Create Message response', () => {
  it('is read once, without a clone, and still parsed', async () => {
    // actions-core's Response is the class of every response its fetch returns.
    const clone = jest.spyOn(Response.prototype, 'clone')
    nock(TWILIO).post(MESSAGES_PATH).reply(201, twilioMessage('SM2'))
    const testDestination = createTestIntegration(destination)
    const responses = await testDestination.testAction('sendMessage', {
      event: smsEvent(),
      settings,
      mapping,
      useDefaultMappings: true
    })
    expect(clone).not.toHaveBeenCalled()
    expect(responses[0].data).toMatchObject({ sid: 'SM2', status: 'queued' })
  })
})
