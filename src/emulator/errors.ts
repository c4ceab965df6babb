// Twilio's error JSON, as every Twilio API answers a failure.
import type { TwilioErrorBody } from '../destinations/twilio-messaging/twilio'

export interface EmulatorError extends Required<TwilioErrorBody> {
  code: number
  message: string
  more_info: string
  status: number
}

export function twilioErrorJson(status: number, code: number, message: string): EmulatorError {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }
}

export const authenticateError = () => twilioErrorJson(401, 20003, 'Authenticate')

export const notFoundError = (path: string) =>
  twilioErrorJson(404, 20404, `The requested resource ${path} was not found`)

export const tooManyRequestsError = () => twilioErrorJson(429, 20429, 'Too Many Requests')

export const serverError = (status: 500 | 503) =>
  status === 500
    ? twilioErrorJson(500, 20500, 'An internal server error has occurred')
    : twilioErrorJson(503, 20503, 'Service unavailable')
