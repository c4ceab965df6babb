// The live-reload socket of `npm run dev`, as `actions-cli serve` has it: a WebSocket server on the dev server's
// PORT+1 that sends the text `change` to every client after each reload. Segment's hosted Actions Tester listens
// to it to refresh; so does the tester page (src/server/public/live-reload.js). Loopback only, with the same Host
// rule as the servers, and connections only from the tester page (the dev server's origin) and Segment's origins.
import type { IncomingMessage } from 'node:http'
import { WebSocket, WebSocketServer } from 'ws'
import { checkOrigin, isLoopbackHost, localPortOf, ownOrigins, SEGMENT_ORIGINS } from '../loopback-guard'
import { LOOPBACK_HOSTS } from '../loopback'

/** How `npm run dev` tells the dev server process the port of its live-reload socket. */
export const LIVE_RELOAD_PORT_ENV = 'DEV_LIVE_RELOAD_PORT'

/** The message serve sends: the hosted tester compares the text exactly. */
export const CHANGE_MESSAGE = 'change'

export interface LiveReload {
  port: number
  url: string
  /** Sends `change` to every open client; returns how many got it. */
  notifyChange(): number
  close(): Promise<void>
}

/** Why a connection is refused, or undefined when it is accepted. */
export function refuseConnection(req: IncomingMessage, devServerPort: number): string | undefined {
  if (!isLoopbackHost(req.headers.host, localPortOf(req))) {
    return `Host '${req.headers.host ?? ''}' is not served (loopback names with this port only).`
  }
  // A browser always sends Origin on a WebSocket handshake; other clients may not.
  const verdict = checkOrigin(req, [...ownOrigins(devServerPort), ...SEGMENT_ORIGINS], SEGMENT_ORIGINS)
  return verdict.ok ? undefined : verdict.message
}

/** Listens on `host:port` (the dev server's port + 1); rejects when the port is taken. */
export async function startLiveReload(options: {
  port: number
  devServerPort: number
  host?: string
}): Promise<LiveReload> {
  const host = options.host ?? '127.0.0.1'
  if (!LOOPBACK_HOSTS.has(host)) throw new Error(`The live-reload socket only listens on loopback, not on ${host}.`)
  const server = new WebSocketServer({
    host,
    port: options.port,
    verifyClient: (info, done) => {
      const refusal = refuseConnection(info.req, options.devServerPort)
      if (refusal) done(false, 403, refusal)
      else done(true)
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  // After listening, an error of one client must not take the server down.
  server.on('error', () => undefined)
  server.on('connection', (socket) => socket.on('error', () => socket.terminate()))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  let closing: Promise<void> | undefined
  return {
    port,
    url: `ws://${host.includes(':') ? `[${host}]` : host}:${port}`,
    notifyChange() {
      let sent = 0
      for (const client of server.clients) {
        if (client.readyState !== WebSocket.OPEN) continue
        client.send(CHANGE_MESSAGE)
        sent++
      }
      return sent
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate()
        server.close(() => resolve())
      })
      return closing
    }
  }
}
