// Listening on loopback only, for the local servers (Twilio emulator, dev server): nothing here is ever
// reachable from another machine.
import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1'])

export interface LoopbackServer {
  server: Server
  url: string
  port: number
  /** Closes the server and its open connections; safe to call more than once. */
  close(): Promise<void>
}

/** Listens on `host` (loopback only; port 0 picks a free port) and returns the address as a URL. */
export async function listenOnLoopback(
  handler: RequestListener,
  port: number,
  host: string,
  what: string
): Promise<LoopbackServer> {
  if (!LOOPBACK_HOSTS.has(host)) throw new Error(`${what} only listens on loopback, not on ${host}.`)
  const server = createServer(handler)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address
  let closing: Promise<void> | undefined
  return {
    server,
    url: `http://${hostInUrl}:${address.port}`,
    port: address.port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
      return closing
    }
  }
}
