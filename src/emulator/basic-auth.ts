// Twilio's HTTP Basic auth on the emulator: an API key (SID + secret) or, when configured, the Account SID with its
// auth token; and the check that the account in the path is the caller's own. Both take the state, not its
// counters: a reset replaces the counters object.
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { authenticateError } from './errors'
import { sendError } from './express-helpers'
import type { EmulatorCredentials } from './demo-credentials'
import type { EmulatorState } from './state'

export type Caller = 'api-key' | 'auth-token'

/** Who is calling: `api-key` (API Key SID + secret), `auth-token` (Account SID + auth token), or undefined. */
export function authenticate(req: Request, credentials: EmulatorCredentials): Caller | undefined {
  const header = req.get('authorization') ?? ''
  const match = /^Basic\s+(\S+)$/i.exec(header)
  if (!match) return undefined
  const decoded = Buffer.from(match[1], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  const user = decoded.slice(0, colon)
  const password = decoded.slice(colon + 1)
  if (user === credentials.apiKeySid && password === credentials.apiKeySecret) return 'api-key'
  if (credentials.authToken && user === credentials.accountSid && password === credentials.authToken) {
    return 'auth-token'
  }
  return undefined
}

/** Refuses unknown credentials with 401 / 20003; otherwise records the caller in `res.locals.caller`. */
export function basicAuth(credentials: EmulatorCredentials, state: EmulatorState): RequestHandler {
  return (req, res, next) => {
    const caller = authenticate(req, credentials)
    if (!caller) {
      state.counters.unauthorized++
      return sendError(res, authenticateError())
    }
    res.locals.caller = caller
    next()
  }
}

/** Another account's SID in the path: Twilio answers 401 / 20003 (the key does not belong to that account). */
export function sameAccount(credentials: EmulatorCredentials, state: EmulatorState): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.params.AccountSid !== credentials.accountSid) {
      state.counters.unauthorized++
      return sendError(res, authenticateError())
    }
    next()
  }
}
