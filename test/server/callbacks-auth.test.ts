// `/callbacks` checks signatures with the auth token of the account in use, and refuses everything else with a log
// line: with a settings file, npm start's emulator signs with a token of its own run, never the public demo token
// (issue 17). Signatures are made with the official twilio package.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks'
import destination from '../../src/destinations/twilio-messaging'
import { DEMO_CREDENTIALS } from '../../src/emulator'
import { startDevServer } from '../../src/server/app'
import { sampleEvent, sampleMapping } from '../../src/server/samples'
import { start, type Started } from '../../src/server/start'
import { apiPath, basicAuth, getJson } from '../emulator-helpers'

jest.setTimeout(60000)

const CUSTOM = { accountSID: 'AC' + '7'.repeat(32), apiKeySID: 'SK' + '8'.repeat(32), apiKeySecret: 'rehearsal-secret' }
const params = { MessageSid: `SM${'1'.repeat(32)}`, MessageStatus: 'delivered', AccountSid: CUSTOM.accountSID }

function postCallback(url: string, signature?: string) {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(signature ? { 'x-twilio-signature': signature } : {})
    },
    body: new URLSearchParams(params)
  })
}

async function waitFor<T>(read: () => Promise<T | undefined>, ms = 15000): Promise<T> {
  const until = Date.now() + ms
  for (;;) {
    const value = await read()
    if (value !== undefined) return value
    if (Date.now() > until) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('npm start with a settings file (not the demo account)', () => {
  const logs: string[] = []
  let dir: string
  let started: Started
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'callbacks-auth-'))
    const settingsFile = path.join(dir, 'settings.json')
    writeFileSync(settingsFile, JSON.stringify(CUSTOM))
    started = await start({ port: 0, live: false, settingsFile }, (line) => logs.push(line))
  })
  afterAll(async () => {
    await started.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('refuses a callback signed with the public demo auth token, unsigned or signed with another token', async () => {
    const url = `${started.devServer.url}/callbacks`
    const demoSigned = getExpectedTwilioSignature(DEMO_CREDENTIALS.authToken, url, params)
    const otherSigned = getExpectedTwilioSignature('another-token', url, params)
    for (const signature of [demoSigned, otherSigned, undefined]) {
      const response = await postCallback(url, signature)
      expect(response.status).toBe(403)
      expect(((await response.json()) as { error: string }).error).toMatch(/^Status callback refused: /)
    }
    const refusals = logs.filter((line) => line.includes(`refused status callback ${params.MessageSid} delivered`))
    expect(refusals).toHaveLength(3)
    expect(refusals[0]).toMatch(
      /X-Twilio-Signature does not match: it was not signed with the auth token of the account/
    )
    expect(refusals[2]).toMatch(/unsigned \(no X-Twilio-Signature header\)/)
    const listed = (await (await fetch(url)).json()) as { callbacks: unknown[] }
    expect(listed.callbacks).toEqual([])
  })

  it("accepts the callbacks of its emulator, signed with the run's own auth token", async () => {
    const callbackUrl = `${started.devServer.url}/callbacks`
    const response = await fetch(`${started.devServer.url}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        payload: sampleEvent(),
        settings: started.target.settings,
        mapping: sampleMapping(undefined, callbackUrl)
      })
    })
    const sid = ((await response.json()) as Array<{ response: { body: { sid: string } } }>)[0].response.body.sid
    const receipts = await waitFor(async () => {
      const listed = (await (await fetch(`${callbackUrl}?MessageSid=${sid}`)).json()) as { callbacks: unknown[] }
      return listed.callbacks.length > 0 ? listed.callbacks : undefined
    })
    expect(receipts[0]).toMatchObject({ signatureValid: true, params: { MessageSid: sid } })
    expect(logs.some((line) => line.includes(`status callback ${sid}`) && line.endsWith('(signature ok)'))).toBe(true)
  })

  it('its emulator refuses the demo auth token for that account', async () => {
    const emulator = started.target.emulator!
    const auth = basicAuth(CUSTOM.accountSID, DEMO_CREDENTIALS.authToken)
    expect((await getJson(emulator, `${apiPath(CUSTOM.accountSID)}.json`, auth)).status).toBe(401)
  })
})

it('a dev server in live mode knows no auth token: every callback is refused, saying why', async () => {
  const logs: string[] = []
  const server = await startDevServer({ destination, port: 0, log: (line) => logs.push(line) })
  try {
    const url = `${server.url}/callbacks`
    const response = await postCallback(url, getExpectedTwilioSignature(DEMO_CREDENTIALS.authToken, url, params))
    expect(response.status).toBe(403)
    expect(logs.join('\n')).toMatch(
      /refused status callback .* no auth token is known for the account in use \(live mode/
    )
  } finally {
    await server.close()
  }
})
