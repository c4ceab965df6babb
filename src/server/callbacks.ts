// The dev server's built-in status-callback receiver: `POST /callbacks` takes Twilio's (or the emulator's) status
// callbacks, accepts only those signed (X-Twilio-Signature) with the auth token of the account in use, logs one line
// each (refusals too) and keeps the latest accepted ones for `GET /callbacks`. Loopback callers only: it is a local
// inspection tool, not a webhook endpoint for the internet.
import { timingSafeEqual } from 'node:crypto'
import express, { Router, type Request } from 'express'
import { twilioSignature } from '../emulator/callbacks'
import { DEMO_CREDENTIALS, IE1_DEMO_CREDENTIALS } from '../emulator/demo-credentials'

export interface CallbackReceipt {
  receivedAt: string
  /** The URL as this server saw it (the one Twilio signed). */
  url: string
  params: Record<string, string>
  /** Always true: only callbacks whose signature checked out are kept. */
  signatureValid: true
}

export interface CallbackReceiverOptions {
  /**
   * The auth token of the account whose messages call back here (the emulator's, or Twilio's account): the only key
   * a signature is checked with. Without one, every callback is refused, since none can be verified.
   */
  authToken?: string
  /** Says in the refusal why no auth token is known (for example: live mode). */
  noTokenReason?: string
  log?: (line: string) => void
  /** Receipts kept, newest first. Default 200. */
  keep?: number
  now?: () => Date
}

const LOOPBACK_ADDRESS = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/

export function isLoopbackAddress(address: string | undefined): boolean {
  return address !== undefined && LOOPBACK_ADDRESS.test(address)
}

function flatParams(body: unknown): Record<string, string> {
  const params: Record<string, string> = {}
  if (!body || typeof body !== 'object') return params
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    params[key] = Array.isArray(value) ? String(value[0]) : String(value)
  }
  return params
}

/** What the dev server was told: the token to check with, or the emulator and settings it drives. */
interface ServerCallbackOptions {
  callbackAuthToken?: string
  tester?: { emulatorUrl?: string; demoSettings?: { accountSID?: string; apiKeySID?: string; apiKeySecret?: string } }
}

/**
 * The auth token to check signatures with: the one the server was given, else the demo account's when the tester
 * drives the emulator with the demo settings. Never the public demo token for other settings.
 */
export function callbackCheck(
  options: ServerCallbackOptions
): Pick<CallbackReceiverOptions, 'authToken' | 'noTokenReason'> {
  if (options.callbackAuthToken) return { authToken: options.callbackAuthToken }
  const demo = options.tester?.emulatorUrl ? options.tester.demoSettings : undefined
  // Each region's demo keys, and the auth token that region signs its callbacks with.
  for (const credentials of [DEMO_CREDENTIALS, IE1_DEMO_CREDENTIALS]) {
    if (
      demo?.accountSID === credentials.accountSid &&
      demo.apiKeySID === credentials.apiKeySid &&
      demo.apiKeySecret === credentials.apiKeySecret
    ) {
      return { authToken: credentials.authToken }
    }
  }
  return {
    noTokenReason: options.tester?.emulatorUrl
      ? 'the settings are not the demo account, and the dev server was given no auth token for theirs'
      : 'live mode: Twilio signs with the account auth token, which the dev server is not given'
  }
}

/** Compares in constant time, so the answer's timing says nothing about how much of a signature was right. */
function sameSignature(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Why a callback is refused, or undefined when its signature is the account's. */
function refusal(options: CallbackReceiverOptions, url: string, params: Record<string, string>, header?: string) {
  if (!options.authToken) {
    return `no auth token is known for the account in use${
      options.noTokenReason ? ` (${options.noTokenReason})` : ''
    }, so no signature can be checked`
  }
  if (header === undefined) return 'unsigned (no X-Twilio-Signature header)'
  if (!sameSignature(header, twilioSignature(options.authToken, url, params))) {
    return 'X-Twilio-Signature does not match: it was not signed with the auth token of the account in use'
  }
  return undefined
}

export function createCallbackReceiver(options: CallbackReceiverOptions = {}): Router {
  const keep = options.keep ?? 200
  const now = options.now ?? (() => new Date())
  const receipts: CallbackReceipt[] = []
  const router = Router()

  router.use((req, res, next) => {
    if (isLoopbackAddress(req.socket.remoteAddress)) return next()
    res.status(403).json({ error: '/callbacks answers loopback callers only.' })
  })

  router.post(['/', '/*rest'], express.urlencoded({ extended: false, limit: '100kb' }), (req: Request, res) => {
    if (!req.is('application/x-www-form-urlencoded')) {
      res.status(415).json({ error: 'Status callbacks are application/x-www-form-urlencoded, as Twilio sends them.' })
      return
    }
    const params = flatParams(req.body)
    const url = `${req.protocol}://${req.get('host')}${req.originalUrl}`
    const what = `status callback ${params.MessageSid ?? '?'} ${params.MessageStatus ?? '?'}${
      params.ErrorCode ? ` error ${params.ErrorCode}` : ''
    }`
    const refused = refusal(options, url, params, req.get('x-twilio-signature'))
    if (refused) {
      options.log?.(`  refused ${what}: ${refused}`)
      res.status(403).json({ error: `Status callback refused: ${refused}.` })
      return
    }
    receipts.unshift({ receivedAt: now().toISOString(), url, params, signatureValid: true })
    receipts.length = Math.min(receipts.length, keep)
    options.log?.(`  ${what} (signature ok)`)
    res.status(204).end()
  })

  router.get('/', (req, res) => {
    const sid = typeof req.query.MessageSid === 'string' ? req.query.MessageSid : undefined
    res.json({ callbacks: sid ? receipts.filter((receipt) => receipt.params.MessageSid === sid) : receipts })
  })

  router.delete('/', (_req, res) => {
    receipts.length = 0
    res.status(204).end()
  })

  return router
}
