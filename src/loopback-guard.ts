// Safety for the local servers (dev server, Twilio emulator, live-reload socket) on a developer's machine:
// - DNS rebinding: a page on attacker.example whose name later resolves to 127.0.0.1 reaches a loopback server
//   with `Host: attacker.example:<port>`. Only loopback names with the server's own port are served.
// - Cross-site requests: any page the browser shows can POST to a loopback port (a form, a no-cors fetch). A
//   state-changing request that a browser marks as coming from another origin is refused, unless that origin is the
//   server's own page or one the server trusts (Segment's app for the dev server). Clients that are not browsers
//   (curl, actions-core, Twilio's SDK) send neither Origin nor Sec-Fetch-Site and are served.
import type { IncomingMessage, ServerResponse } from 'node:http'

/** The origins Segment's `actions-cli serve` allows (its CORS list): the hosted Actions Tester and Segment's local UI. */
export const SEGMENT_ORIGINS: readonly string[] = [
  'https://app.segment.com',
  'https://eu1.app.segment.com',
  'https://app.segment.build',
  'https://eu1.app.segment.build',
  'http://localhost:8000'
]

/** Host names that always mean this machine, as they appear in a Host header or an origin. */
export const LOOPBACK_NAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]']

/** Methods that only read: browsers may send them cross-site, and CORS keeps the answer from foreign pages. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** `Sec-Fetch-Site` values a browser sends for the page's own requests or for what the user typed. */
const OWN_FETCH_SITES = new Set(['same-origin', 'none'])

export type GuardVerdict = { ok: true } | { ok: false; status: 403; message: string }

/** The origins of a page served by this server on `port`: `http://localhost:<port>` and the loopback addresses. */
export function ownOrigins(port: number): string[] {
  return LOOPBACK_NAMES.map((name) => (port === 80 ? `http://${name}` : `http://${name}:${port}`))
}

/** True when `host` (a Host header) names this machine with `port`: `localhost:3000`, `127.0.0.1:3000`, `[::1]:3000`. */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (!host) return false
  const value = host.toLowerCase()
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(value)
  if (!match || !LOOPBACK_NAMES.includes(match[1])) return false
  return match[2] === undefined ? port === 80 : Number(match[2]) === port
}

/** The port the request came in on: the one the server listens on (known after listen, also for port 0). */
export function localPortOf(req: IncomingMessage): number {
  return req.socket.localPort ?? 0
}

/** Checks the Host header (every request) and, for state-changing methods, where a browser says it came from. */
export function checkLocalRequest(req: IncomingMessage, trustedOrigins: readonly string[] = []): GuardVerdict {
  const port = localPortOf(req)
  const host = req.headers.host
  if (!isLoopbackHost(host, port)) {
    return {
      ok: false,
      status: 403,
      message: `Host '${host ?? ''}' is not served: this server answers only to loopback names with its port (http://127.0.0.1:${port} or http://localhost:${port}), so a DNS-rebound name cannot reach it.`
    }
  }
  if (SAFE_METHODS.has(req.method ?? 'GET')) return { ok: true }
  return checkOrigin(req, [...ownOrigins(port), ...trustedOrigins], trustedOrigins)
}

/** Origin first (browsers send it on every POST); else Sec-Fetch-Site; neither means a client that is not a browser. */
export function checkOrigin(
  req: IncomingMessage,
  allowed: readonly string[],
  trustedOrigins: readonly string[] = []
): GuardVerdict {
  const origin = headerValue(req, 'origin')
  const site = headerValue(req, 'sec-fetch-site')
  if (origin !== undefined) {
    if (allowed.includes(origin.toLowerCase())) return { ok: true }
  } else if (site === undefined || OWN_FETCH_SITES.has(site)) {
    return { ok: true }
  }
  const from = origin !== undefined ? `origin ${origin}` : `a ${site} page`
  return {
    ok: false,
    status: 403,
    message: `Cross-site request refused: ${req.method} ${pathOf(req)} from ${from}. State-changing requests are accepted only from this server's own page${trustedOrigins.length ? `, from ${trustedOrigins.join(', ')}` : ''} and from clients that are not browsers (curl, SDKs).`
  }
}

export interface LoopbackGuardOptions {
  /**
   * Origins besides the server's own page that may send state-changing requests; a function when they depend on the
   * route (the dev server trusts Segment's pages for serve's routes only).
   */
  trustedOrigins?: readonly string[] | ((req: IncomingMessage) => readonly string[])
  /** Answers a refused request (default: JSON `{error}`); each server may answer in its own error shape. */
  refuse?: (res: ServerResponse, status: number, message: string) => void
}

/** Connect/Express middleware: refuses rebound Host names and cross-site state-changing requests with 403. */
export function loopbackGuard(options: LoopbackGuardOptions = {}) {
  const refuse = options.refuse ?? refuseAsJson
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const trusted = typeof options.trustedOrigins === 'function' ? options.trustedOrigins(req) : options.trustedOrigins
    const verdict = checkLocalRequest(req, trusted)
    if (verdict.ok) return next()
    refuse(res, verdict.status, verdict.message)
  }
}

function refuseAsJson(res: ServerResponse, status: number, message: string): void {
  res.statusCode = status
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  res.end(JSON.stringify({ error: message }))
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** The path without the query (a query may carry values that do not belong in a message). */
function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0]
}
