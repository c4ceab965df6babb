// Hosts Twilio can never reach: Twilio fetches media and calls status callbacks from the internet, so an address on
// the sender's own machine or network (loopback, private and link-local ranges, `localhost`) is a mistake to refuse
// before sending, not a message to lose later.
import { BlockList, isIP } from 'node:net'

const LOOPBACK = 'a loopback address (this machine)'

/** Address ranges that are never a public internet host (IANA special-purpose registries, RFC 6890). */
const PRIVATE_RANGES: Array<[string, number, 'ipv4' | 'ipv6', string]> = [
  ['0.0.0.0', 8, 'ipv4', 'an unspecified address'],
  ['10.0.0.0', 8, 'ipv4', 'a private address'],
  ['100.64.0.0', 10, 'ipv4', "a carrier's shared address"],
  ['127.0.0.0', 8, 'ipv4', LOOPBACK],
  ['169.254.0.0', 16, 'ipv4', 'a link-local address'],
  ['172.16.0.0', 12, 'ipv4', 'a private address'],
  ['192.168.0.0', 16, 'ipv4', 'a private address'],
  ['224.0.0.0', 4, 'ipv4', 'a multicast address'],
  ['240.0.0.0', 4, 'ipv4', 'a reserved address'],
  ['::', 128, 'ipv6', 'an unspecified address'],
  ['::1', 128, 'ipv6', LOOPBACK],
  ['fc00::', 7, 'ipv6', 'a private (unique local) address'],
  ['fe80::', 10, 'ipv6', 'a link-local address'],
  ['fec0::', 10, 'ipv6', 'a site-local address'],
  ['ff00::', 8, 'ipv6', 'a multicast address']
]

const ranges = PRIVATE_RANGES.map(([network, prefix, family, kind]) => {
  const list = new BlockList()
  list.addSubnet(network, prefix, family)
  return { list, kind }
})

/** `127.0.0.1`, `[::1]`, `localhost`: the names the local Twilio emulator can call back on. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase()
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  const address = host.replace(/^\[|\]$/g, '')
  const family = isIP(address)
  if (family === 0) return false
  return ranges.some((range) => range.kind === LOOPBACK && range.list.check(address, ipFamily(family)))
}

/**
 * Why Twilio cannot reach `hostname` (a URL's hostname as the URL parser reads it, IPv6 in brackets), or undefined
 * for a host that may be public. IPv4-mapped IPv6 addresses (`::ffff:127.0.0.1`) are judged by their IPv4 address.
 */
export function unreachableHostReason(hostname: string): string | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, '')
  if (host === 'localhost' || host.endsWith('.localhost')) return 'a name for this machine'
  if (host.endsWith('.local')) return 'a local network name (mDNS)'
  const address = host.replace(/^\[|\]$/g, '')
  const family = isIP(address)
  if (family === 0) return host.includes('.') ? undefined : 'a name without a domain, which only a local network knows'
  const found = ranges.find((range) => range.list.check(address, ipFamily(family)))
  return found?.kind
}

const ipFamily = (family: number): 'ipv4' | 'ipv6' => (family === 6 ? 'ipv6' : 'ipv4')
