// Twilio's error answers to a send become errors that keep Twilio's code, message and the right retry class.
import nock from 'nock'
import { IntegrationError, InvalidAuthenticationError, RetryableError } from '@segment/actions-core'
import { BASIC_AUTH, SETTINGS } from '../../__tests__/__helpers__/fixtures'
import { baseMapping, expectMessage, send, useNockedMessages } from './__helpers__/send-message-harness'

useNockedMessages()

describe('sendMessage: Twilio errors keep their code, message and class', () => {
  const twilioError = (status: number, code: number, message: string) => ({
    code,
    message,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status
  })

  async function failWith(status: number, body: unknown, headers: Record<string, string> = {}) {
    expectMessage(status, body, headers)
    return send(baseMapping).then(
      () => {
        throw new Error('expected the send to fail')
      },
      (error: unknown) => error as Error & { status?: number; code?: string }
    )
  }

  it('400/21211 is final with code TWILIO_21211, Twilio’s message, more_info and a fix', async () => {
    const error = await failWith(
      400,
      twilioError(400, 21211, "The 'To' number +14155552671 is not a valid phone number.")
    )
    expect(error).toBeInstanceOf(IntegrationError)
    expect(error).not.toBeInstanceOf(RetryableError)
    expect(error.status).toBe(400)
    expect(error.code).toBe('TWILIO_21211')
    expect(error.message).toBe(
      "Twilio error 21211: The 'To' number +14155552671 is not a valid phone number. More info: https://www.twilio.com/docs/errors/21211 Fix: Map 'To Phone Number' to a valid E.164 number such as +14155552671."
    )
  })

  it('a redirect is never followed: the message is not posted again elsewhere, and the failure is final', async () => {
    const elsewhere = nock('https://collector.example').post(/.*/).reply(201, {})
    const error = await failWith(307, '', { Location: 'https://collector.example/Messages.json' })
    expect(error).toBeInstanceOf(IntegrationError)
    expect(error).not.toBeInstanceOf(RetryableError)
    expect(error.code).toBe('TWILIO_REDIRECT')
    expect(error.message).toMatch(/redirect \(HTTP 307\) instead of creating it, so nothing was sent/)
    expect(elsewhere.isDone()).toBe(false)
  })

  it('400/21610 (recipient unsubscribed) is final', async () => {
    const error = await failWith(400, twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'))
    expect(error.status).toBe(400)
    expect(error.code).toBe('TWILIO_21610')
    expect(error.message).toMatch(/reply START/)
  })

  it('401 is an authentication error', async () => {
    const error = await failWith(401, twilioError(401, 20003, 'Authenticate'))
    expect(error).toBeInstanceOf(InvalidAuthenticationError)
    expect(error.status).toBe(401)
    expect(error.message).toMatch(/^Twilio error 20003: Authenticate/)
  })

  it('403 is an authentication error', async () => {
    const error = await failWith(403, twilioError(403, 20003, 'Permission denied'))
    expect(error).toBeInstanceOf(InvalidAuthenticationError)
    expect(error.message).toMatch(/Twilio error 20003: Permission denied/)
  })

  it('429 is retryable with status 429', async () => {
    const error = await failWith(429, twilioError(429, 20429, 'Too Many Requests'))
    expect(error).toBeInstanceOf(RetryableError)
    expect(error.status).toBe(429)
    expect(error.code).toBe('TWILIO_20429')
  })

  it.each([500, 503])('%i is retryable keeping the status', async (status) => {
    const error = await failWith(status, twilioError(status, status === 500 ? 20500 : 20503, 'Service unavailable'))
    expect(error).toBeInstanceOf(RetryableError)
    expect(error.status).toBe(status)
    expect(error.message).toMatch(new RegExp(`^Twilio error ${status === 500 ? 20500 : 20503}: Service unavailable`))
  })

  it('21611 (sender queue full) is retryable although Twilio answers 400', async () => {
    const error = await failWith(
      400,
      twilioError(400, 21611, 'This From phone number has exceeded the maximum number of queued messages')
    )
    expect(error).toBeInstanceOf(RetryableError)
    expect(error.status).toBe(429)
    expect(error.code).toBe('TWILIO_21611')
  })

  it('a non-JSON error body still gives a useful message', async () => {
    const error = await failWith(502, '<html><body>Bad gateway</body></html>', { 'Content-Type': 'text/html' })
    expect(error).toBeInstanceOf(RetryableError)
    expect(error.status).toBe(502)
    expect(error.message).toBe(
      'Twilio answered HTTP 502 without a Twilio error body: "<html><body>Bad gateway</body></html>". Twilio\'s message list does not show it (yet): Segment retries, and the retry looks in the list again before it sends.'
    )
  })

  it('a JSON error sent with a text content type is still read', async () => {
    const error = await failWith(
      400,
      JSON.stringify(twilioError(400, 21606, 'The From phone number is not a valid, SMS-capable inbound phone number')),
      {
        'Content-Type': 'text/plain'
      }
    )
    expect(error.code).toBe('TWILIO_21606')
    expect(error.status).toBe(400)
  })

  it('never puts the API key secret in an error message', async () => {
    const error = await failWith(401, twilioError(401, 20003, 'Authenticate'))
    expect(error.message).not.toContain(SETTINGS.apiKeySecret)
    expect(error.message).not.toContain(BASIC_AUTH)
  })
})
