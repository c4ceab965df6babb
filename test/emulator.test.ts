// The emulator's HTTP basics (authentication, unknown routes) and its pure helpers (validation, segment counting,
// seed SIDs), on a fixed clock. Messages, lists and faults have their own emulator-*.test.ts files.
import { DEMO_CREDENTIALS, createDemoAccount } from '../src/emulator/seed'
import { startEmulator } from '../src/emulator/server'
import { countSegments, validateMessageCreate } from '../src/emulator/validate'
import { apiPath, basicAuth, getJson } from './emulator-helpers'
import { account, MAIN, TO } from './helpers/emulator-fixtures'
import { NOW, emulator, useFixedClockEmulator } from './helpers/fixed-clock-emulator'

useFixedClockEmulator()

describe('authentication', () => {
  it('accepts the API key and answers the credential check', async () => {
    const response = await getJson(emulator, `${apiPath()}/IncomingPhoneNumbers.json?PageSize=1`)
    expect(response.status).toBe(200)
  })

  it.each([
    ['wrong secret', basicAuth(DEMO_CREDENTIALS.apiKeySid, 'wrong')],
    ['unknown key', basicAuth('SK00000000000000000000000000000000', DEMO_CREDENTIALS.apiKeySecret)],
    ['missing header', ''],
    ['not Basic', 'Bearer abc']
  ])('answers 401 / 20003 for %s', async (_name, auth) => {
    const response = await getJson(emulator, `${apiPath()}/IncomingPhoneNumbers.json`, auth)
    expect(response.status).toBe(401)
    expect(response.body).toEqual({
      code: 20003,
      message: 'Authenticate',
      more_info: 'https://www.twilio.com/docs/errors/20003',
      status: 401
    })
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic/)
    expect(emulator.state.counters.unauthorized).toBe(1)
  })

  it("answers 401 / 20003 for another account's path", async () => {
    const response = await getJson(emulator, `${apiPath('AC00000000000000000000000000000000')}/Messages.json`)
    expect(response.status).toBe(401)
    expect(response.body.code).toBe(20003)
  })

  it('refuses the Account resource to an API key, as Twilio does for a Standard key', async () => {
    const response = await getJson(emulator, `${apiPath()}.json`)
    expect(response.status).toBe(401)
    expect(response.body.code).toBe(20003)
  })

  it('serves the Account resource to Account SID + auth token', async () => {
    const auth = basicAuth(DEMO_CREDENTIALS.accountSid, DEMO_CREDENTIALS.authToken)
    const response = await getJson(emulator, `${apiPath()}.json`, auth)
    expect(response.status).toBe(200)
    expect(response.body.sid).toBe(DEMO_CREDENTIALS.accountSid)
  })

  it('answers an unknown route with 404 / 20404 in Twilio shape', async () => {
    const response = await getJson(emulator, '/2010-04-01/Nope.json')
    expect(response.status).toBe(404)
    expect(response.body).toEqual({
      code: 20404,
      message: 'The requested resource /2010-04-01/Nope.json was not found',
      more_info: 'https://www.twilio.com/docs/errors/20404',
      status: 404
    })
  })
})

describe('pure helpers', () => {
  it('validates without HTTP', () => {
    const result = validateMessageCreate({ To: TO, From: MAIN, Body: 'x' }, account, NOW)
    expect(result.ok).toBe(true)
    const failure = validateMessageCreate({ From: MAIN, Body: 'x' }, account, NOW)
    expect(failure).toEqual({ ok: false, error: expect.objectContaining({ code: 21604, status: 400 }) })
  })

  it('counts segments', () => {
    expect(countSegments('')).toEqual({ segments: 1, encoding: 'GSM-7' })
    expect(countSegments('{'.repeat(81))).toEqual({ segments: 2, encoding: 'GSM-7' })
  })

  it('has deterministic seed SIDs', () => {
    expect(createDemoAccount().contents.map((c) => c.sid)).toEqual(account.contents.map((c) => c.sid))
    expect(account.services.every((s) => /^MG[0-9a-f]{32}$/.test(s.sid))).toBe(true)
  })

  it('listens on loopback only', async () => {
    await expect(startEmulator({ host: '0.0.0.0' })).rejects.toThrow(/loopback/)
  })
})
