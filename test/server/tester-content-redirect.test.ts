// The tester's template preview (GET /tester/content/<HX…>) passes the page's credentials to Twilio's Content API
// and nowhere else: a redirect in Twilio's answer is not followed (issue 17).
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { FAKE } from './fake-twilio'
import { useDevServer } from './app-harness'

// The preview asks the fake Twilio as it would the emulator (the page's Twilio stand-in).
const app = useDevServer({ tester: true })
const SID = 'HX' + 'c'.repeat(32)
const authorization = `Basic ${Buffer.from(`${FAKE.apiKeySid}:${FAKE.apiKeySecret}`).toString('base64')}`

let elsewhere: Server
const reached: string[] = []

beforeAll(async () => {
  elsewhere = createServer((req, res) => {
    reached.push(`${req.method} ${req.url}`)
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ sid: SID, friendly_name: 'Elsewhere', variables: {}, types: {} }))
  })
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve))
})
afterAll(() => new Promise((resolve) => elsewhere.close(resolve)))

it('answers as Twilio does without a redirect', async () => {
  const answer = await app.call(`/tester/content/${SID}`, { headers: { authorization } })
  expect(answer).toMatchObject({ status: 200, body: { sid: SID, friendlyName: 'Fake' } })
})

it('does not follow a redirect: 502 saying so, and nothing reaches the other host', async () => {
  app.twilio.contentRedirect = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/v1/Content/${SID}`
  try {
    const answer = await app.call(`/tester/content/${SID}`, { headers: { authorization } })
    expect(answer.status).toBe(502)
    expect(answer.body.error).toBe('Twilio answered 307, a redirect, which is not followed.')
    expect(reached).toEqual([])
  } finally {
    app.twilio.contentRedirect = undefined
  }
})
