// Small pieces every emulator router shares: answering in Twilio's error shape, the base URL a request came in on,
// and reading one query value.
import type { Request, Response } from 'express'
import type { EmulatorError } from './errors'
import { KNOWN_HOSTS, TWILIO_HOST_HEADER } from './regions'

/** Twilio's error JSON with its status; a 401 also names the Basic realm, as Twilio's does. */
export function sendError(res: Response, error: EmulatorError): void {
  if (error.status === 401) res.set('WWW-Authenticate', 'Basic realm="Twilio API"')
  res.status(error.status).json(error)
}

/**
 * Where the client addressed us, for the absolute URLs of v1 resources: the Twilio host the request was meant for
 * (`https://messaging.dublin.ie1.twilio.com`, as Twilio writes them), or `http://<host>` when it named none.
 */
export function baseUrlOf(req: Request): string {
  const named = req.get(TWILIO_HOST_HEADER)?.trim().toLowerCase()
  if (named && KNOWN_HOSTS.has(named)) return `https://${named}`
  return `${req.protocol}://${req.get('host') ?? `${req.socket.localAddress}:${req.socket.localPort}`}`
}

/** The first value of a query parameter (Express parses a repeated key into an array). */
export const queryString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined
