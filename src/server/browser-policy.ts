// Which browser pages may use the dev server, and how. Segment's pages (serve's CORS list, http://localhost:8000
// included) may call the routes Segment's `actions-cli serve` answers, as they may call serve itself. The server's
// own routes (the tester page's `/tester/*`, the callback receiver, `/dev/*`) drive the emulator and hold its demo
// settings: only the page this server serves may call them. No page may show this server in a frame.
import type { IncomingMessage, ServerResponse } from 'node:http'
import cors from 'cors'
import { loopbackGuard, SEGMENT_ORIGINS } from '../loopback-guard'

/** First path segments of the routes that are this server's own, not serve's. */
const OWN_ROUTES = new Set(['tester', 'callbacks', 'dev'])

function firstSegment(req: IncomingMessage): string {
  const segment =
    (req.url ?? '/')
      .split('?')[0]
      .split('/')
      .find((part) => part !== '') ?? ''
  try {
    return decodeURIComponent(segment).toLowerCase()
  } catch {
    return segment.toLowerCase()
  }
}

/** True for the routes of serve's API (GET /manifest, POST /authenticate, POST /<action>[/<field>], ...). */
export function isServeRoute(req: IncomingMessage): boolean {
  return !OWN_ROUTES.has(firstSegment(req))
}

const segmentOriginsFor = (req: IncomingMessage): readonly string[] => (isServeRoute(req) ? SEGMENT_ORIGINS : [])

export interface BrowserPolicyOptions {
  /** Told of every request the loopback guard refuses (answered 403 `{error}`). */
  refused: (message: string) => void
}

/** The middleware, in order: rebinding and cross-site guard, Private Network Access, CORS, and no framing. */
export function browserPolicy(options: BrowserPolicyOptions) {
  return [
    (_req: IncomingMessage, res: ServerResponse, next: () => void) => {
      // A page framing the tester could make a user's click send a message with the prefilled demo settings.
      res.setHeader('X-Frame-Options', 'DENY')
      res.setHeader('Content-Security-Policy', "frame-ancestors 'none'")
      next()
    },
    // DNS rebinding and cross-site requests (see src/loopback-guard.ts): before anything reads the request.
    loopbackGuard({
      trustedOrigins: segmentOriginsFor,
      refuse: (res, status, message) => {
        options.refused(message)
        res.statusCode = status
        res.setHeader('Content-Type', 'application/json; charset=utf-8')
        res.end(JSON.stringify({ error: message }))
      }
    }),
    // Chrome's Private Network Access: a page on https://app.segment.com may call this loopback server only if the
    // preflight says so. Answered for serve's routes and allowed origins only, before cors ends the preflight.
    (req: IncomingMessage, res: ServerResponse, next: () => void) => {
      const origin = req.headers.origin
      if (
        req.method === 'OPTIONS' &&
        req.headers['access-control-request-private-network'] === 'true' &&
        (origin === undefined || segmentOriginsFor(req).includes(origin))
      ) {
        res.setHeader('Access-Control-Allow-Private-Network', 'true')
      }
      next()
    },
    // A list, as serve passes it: a preflight from another origin is still answered 204, without the allow header.
    cors((req, callback) => callback(null, { origin: [...segmentOriginsFor(req as IncomingMessage)], maxAge: 600 }))
  ]
}
