// The emulator started with custom credentials (as npm start --settings starts it) accepts those only, never the
// public demo auth token, and signs its status callbacks with an auth token of that run, which the official twilio
// package checks (issue 17).
import { validateRequest } from 'twilio'
import { ManualTime } from '../src/emulator/clock'
import { DEMO_CREDENTIALS, startEmulator, type RunningEmulator } from '../src/emulator'
import { apiPath, basicAuth, form, getJson } from './emulator-helpers'
import { startCallbackReceiver } from './emulator-helpers-callbacks'

const CUSTOM = {
  accountSid: 'AC' + '7'.repeat(32),
  apiKeySid: 'SK' + '8'.repeat(32),
  apiKeySecret: 'rehearsal-secret'
}

describe('an emulator started with custom credentials', () => {
  let emulator: RunningEmulator
  beforeAll(async () => {
    emulator = await startEmulator({ credentials: CUSTOM })
  })
  afterAll(() => emulator.close())

  it('refuses the demo auth token for its account, and the demo API key', async () => {
    const path = `${apiPath(CUSTOM.accountSid)}/IncomingPhoneNumbers.json`
    const demoToken = await getJson(emulator, path, basicAuth(CUSTOM.accountSid, DEMO_CREDENTIALS.authToken))
    expect(demoToken).toMatchObject({ status: 401, body: { code: 20003 } })
    const account = await getJson(
      emulator,
      `${apiPath(CUSTOM.accountSid)}.json`,
      basicAuth(CUSTOM.accountSid, DEMO_CREDENTIALS.authToken)
    )
    expect(account.status).toBe(401)
    const demoKey = await getJson(emulator, path)
    expect(demoKey.status).toBe(401)
  })

  it('accepts its own API key, and has no auth token of its own', async () => {
    const own = await getJson(
      emulator,
      `${apiPath(CUSTOM.accountSid)}/IncomingPhoneNumbers.json`,
      basicAuth(CUSTOM.apiKeySid, CUSTOM.apiKeySecret)
    )
    expect(own.status).toBe(200)
    expect(emulator.credentials.authToken).toBeUndefined()
    expect(emulator.callbackAuthToken).toMatch(/^[0-9a-f]{32}$/)
    expect(emulator.callbackAuthToken).not.toBe(DEMO_CREDENTIALS.authToken)
  })

  it('accepts an auth token it was given', async () => {
    const withToken = await startEmulator({ credentials: { ...CUSTOM, authToken: 'rehearsal-token' } })
    try {
      const response = await getJson(
        withToken,
        `${apiPath(CUSTOM.accountSid)}.json`,
        basicAuth(CUSTOM.accountSid, 'rehearsal-token')
      )
      expect(response.status).toBe(200)
      expect(withToken.callbackAuthToken).toBe('rehearsal-token')
    } finally {
      await withToken.close()
    }
  })
})

describe('its status callbacks', () => {
  it('are signed with the auth token of the run for custom credentials, which the twilio package checks', async () => {
    const time = new ManualTime('2025-06-01T12:00:00Z')
    const receiver = await startCallbackReceiver()
    const custom = await startEmulator({ credentials: CUSTOM, scheduler: time, stepMs: 1000 })
    try {
      const url = `${receiver.url}/status`
      const created = await fetch(`${custom.url}${apiPath(CUSTOM.accountSid)}/Messages.json`, {
        method: 'POST',
        headers: { authorization: basicAuth(CUSTOM.apiKeySid, CUSTOM.apiKeySecret) },
        body: form({ To: '+14155551212', From: '+14155550100', Body: 'Hi', StatusCallback: url })
      })
      expect(created.status).toBe(201)
      await time.advance(1000)
      await custom.callbacksIdle()
      expect(receiver.received).toHaveLength(1)
      const { headers, params } = receiver.received[0]
      const signature = String(headers['x-twilio-signature'])
      expect(validateRequest(custom.callbackAuthToken, signature, url, params)).toBe(true)
      expect(validateRequest(DEMO_CREDENTIALS.authToken, signature, url, params)).toBe(false)
    } finally {
      await custom.close()
      await receiver.close()
    }
  })
})
