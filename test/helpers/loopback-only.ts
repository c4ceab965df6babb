// A network guard for suites that talk to real loopback servers (the emulator, fault proxies, servers that reset
// connections): any connection to a host that is not loopback fails at once. Used instead of nock there: nock 14
// passes loopback traffic through its own socket, which re-emits a real connection reset after the request is done,
// where nothing listens any more, and that crashes the in-band test process.
import net from 'node:net'

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

type Connect = typeof net.Socket.prototype.connect

/** The host a call of Socket#connect is for; undefined for a local (IPC) path. */
function hostOf(args: unknown[]): string | undefined {
  // net.connect() and http hand the arguments over already normalised, as one array [options, callback].
  const given = Array.isArray(args[0]) ? (args[0] as unknown[]) : args
  const first = given[0]
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; path?: string }
    return options.path ? undefined : (options.host ?? 'localhost')
  }
  return typeof given[1] === 'string' ? given[1] : typeof first === 'string' ? undefined : 'localhost'
}

/** Between beforeAll and afterAll, a socket may connect to loopback only. */
export function useLoopbackOnly(): void {
  let original: Connect | undefined
  beforeAll(() => {
    original = net.Socket.prototype.connect
    const guarded = function (this: net.Socket, ...args: unknown[]) {
      const host = hostOf(args)
      if (host !== undefined && !LOOPBACK.has(host)) {
        throw new Error(`This test may only connect to loopback, not ${host}.`)
      }
      return (original as Connect).apply(this, args as Parameters<Connect>)
    }
    net.Socket.prototype.connect = guarded as Connect
  })
  afterAll(() => {
    if (original) net.Socket.prototype.connect = original
  })
}
