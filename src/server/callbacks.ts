// The dev server's built-in status-callback receiver: `POST /callbacks` takes Twilio's (or the emulator's) status
// callbacks, checks X-Twilio-Signature, logs one line each and keeps the latest for `GET /callbacks`. Loopback
// callers only: it is a local inspection tool, not a webhook endpoint for the internet.
import express, { Router, type Request } from 'express'
import { DEMO_CREDENTIALS } from '../emulator'
import { twilioSignature } from '../emulator/callbacks'

export interface CallbackReceipt {
  receivedAt: string
  /** The URL as this server saw it (the one Twilio signed). */
  url: string
  params: Record<string, string>
  /** true/false when the request carried X-Twilio-Signature, null when it did not. */
  signatureValid: boolean | null
}

export interface CallbackReceiverOptions {
  /** Checks signatures with this auth token. Default: the emulator's demo auth token. */
  authToken?: string
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

export function createCallbackReceiver(options: CallbackReceiverOptions = {}): Router {
  const authToken = options.authToken ?? DEMO_CREDENTIALS.authToken
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
    const header = req.get('x-twilio-signature')
    const signatureValid = header === undefined ? null : header === twilioSignature(authToken, url, params)
    receipts.unshift({ receivedAt: now().toISOString(), url, params, signatureValid })
    receipts.length = Math.min(receipts.length, keep)
    const error = params.ErrorCode ? ` error ${params.ErrorCode}` : ''
    const signature = signatureValid === null ? 'unsigned' : signatureValid ? 'signature ok' : 'BAD SIGNATURE'
    options.log?.(`  status callback ${params.MessageSid ?? '?'} ${params.MessageStatus ?? '?'}${error} (${signature})`)
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
