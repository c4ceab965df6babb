import nock from 'nock'
import { createTestIntegration } from '@segment/actions-core'
import destination from '..'
import { ACCOUNT_SID, BASIC_AUTH, SETTINGS, headerText } from './__helpers__/fixtures'

const API = 'https://api.twilio.com'
const NUMBERS_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers.json`
const testDestination = createTestIntegration(destination)

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

describe('testAuthentication', () => {
  it('lists one number of this account with the API key (not the Account resource a Standard key may not read)', async () => {
    let authorization: string | undefined
    const scope = nock(API)
      .get(NUMBERS_PATH)
      .query({ PageSize: '1' })
      .reply(function () {
        authorization = headerText(this.req.headers['authorization'])
        return [200, { incoming_phone_numbers: [], next_page_uri: null, page: 0, page_size: 1 }]
      })
    await expect(testDestination.testAuthentication(SETTINGS)).resolves.not.toThrow()
    expect(scope.isDone()).toBe(true)
    expect(authorization).toBe(BASIC_AUTH)
  })

  it.each([401, 403])('%i says the key, secret and account do not match', async (status) => {
    nock(API).get(NUMBERS_PATH).query(true).reply(status, {
      code: 20003,
      message: 'Authenticate',
      more_info: 'https://www.twilio.com/docs/errors/20003',
      status
    })
    await expect(testDestination.testAuthentication(SETTINGS)).rejects.toThrow(
      /Twilio rejected the credentials: the API Key SID, API Key Secret and Account SID do not match.*Twilio error 20003: Authenticate/
    )
  })

  it('reports other Twilio failures with their code', async () => {
    nock(API).get(NUMBERS_PATH).query(true).reply(503, { code: 20503, message: 'Service Unavailable', status: 503 })
    await expect(testDestination.testAuthentication(SETTINGS)).rejects.toThrow(
      /Twilio error 20503: Service Unavailable/
    )
  })

  it('never follows a redirect: the credentials go to api.twilio.com and nowhere else', async () => {
    nock(API).get(NUMBERS_PATH).query(true).reply(307, '', { Location: 'https://collector.example/steal' })
    const elsewhere = nock('https://collector.example').get('/steal').reply(200, {})
    await expect(testDestination.testAuthentication(SETTINGS)).rejects.toThrow(
      /redirect \(HTTP 307\), which is never followed/
    )
    expect(elsewhere.isDone()).toBe(false)
  })

  const malformed: Array<[string, Partial<typeof SETTINGS>, RegExp]> = [
    [
      'account SID',
      { accountSID: 'AC123' },
      /Twilio Account SID \(accountSID\) in the destination settings must be AC followed by 32 hexadecimal characters/
    ],
    ['account SID of another kind', { accountSID: SETTINGS.apiKeySID }, /Twilio Account SID \(accountSID\)/],
    [
      'API key SID',
      { apiKeySID: 'SK-not-hex-0000000000000000000000000' },
      /Twilio API Key SID \(apiKeySID\) in the destination settings must be SK followed by 32 hexadecimal characters/
    ],
    ['API key SID that is an account SID', { apiKeySID: ACCOUNT_SID }, /Twilio API Key SID \(apiKeySID\)/],
    [
      'empty secret',
      { apiKeySecret: '' },
      /Twilio API Key Secret \(apiKeySecret\) in the destination settings is empty/
    ]
  ]

  it.each(malformed)('a malformed %s fails naming the setting, with no request', async (_name, overrides, message) => {
    const scope = nock(API).get(NUMBERS_PATH).query(true).reply(200, { incoming_phone_numbers: [] })
    await expect(testDestination.testAuthentication({ ...SETTINGS, ...overrides })).rejects.toThrow(message)
    expect(scope.isDone()).toBe(false)
  })
})
