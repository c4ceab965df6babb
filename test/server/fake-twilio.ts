// A tiny stand-in for Twilio used by the dev server's unit tests (the end-to-end tests use the real emulator).
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'

export const FAKE = {
  accountSid: 'AC' + 'a'.repeat(32),
  apiKeySid: 'SK' + 'b'.repeat(32),
  apiKeySecret: 'fake-secret-value-42'
}

export interface FakeTwilio {
  url: string
  messages: Array<Record<string, string | string[]>>
  /** When set, GET /v1/Content/<sid> answers 307 to this URL (a redirect the caller must not follow). */
  contentRedirect?: string
  close(): Promise<void>
}

export async function startFakeTwilio(): Promise<FakeTwilio> {
  const messages: FakeTwilio['messages'] = []
  const app = express()
  app.use(express.urlencoded({ extended: false }))
  app.use((req, res, next) => {
    const expected = 'Basic ' + Buffer.from(`${FAKE.apiKeySid}:${FAKE.apiKeySecret}`).toString('base64')
    if (req.get('authorization') !== expected) {
      res.set('WWW-Authenticate', 'Basic realm="Twilio API"')
      res.status(401).json({
        code: 20003,
        message: 'Authenticate',
        more_info: 'https://www.twilio.com/docs/errors/20003',
        status: 401
      })
      return
    }
    next()
  })
  app.get('/2010-04-01/Accounts/:sid/IncomingPhoneNumbers.json', (_req, res) => {
    res.json({ incoming_phone_numbers: [], next_page_uri: null })
  })
  app.get('/v1/Content/:sid', (req, res) => {
    if (fake.contentRedirect) res.redirect(307, fake.contentRedirect)
    else
      res.json({ sid: req.params.sid, friendly_name: 'Fake', variables: {}, types: { 'twilio/text': { body: 'Hi' } } })
  })
  app.post('/2010-04-01/Accounts/:sid/Messages.json', (req, res) => {
    const body = req.body as Record<string, string>
    if (body.To === '+15005550001') {
      res.status(400).json({
        code: 21211,
        message: `The 'To' number ${body.To} is not a valid phone number.`,
        more_info: 'https://www.twilio.com/docs/errors/21211',
        status: 400
      })
      return
    }
    messages.push(body)
    res
      .status(201)
      .json({ sid: 'SM' + String(messages.length).padStart(32, '0'), status: 'queued', to: body.To, body: body.Body })
  })
  const server: Server = createServer(app)
  const fake: FakeTwilio = {
    url: '',
    messages,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return fake
}
