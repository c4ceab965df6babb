// Hosts Twilio can never reach: Twilio fetches media and calls status callbacks from the internet, so an address on
// the sender's own machine or network (loopback, private and link-local ranges, `localhost`) is a mistake to refuse
// before sending, not a message to lose later. Addresses are read here, not with `node:net`: Segment's monorepo
// declares no Node module for destinations (test/public-host-node-net.test.ts holds this reading to node:net's).

const LOOPBACK = 'a loopback address (this machine)'

/** Address ranges that are never a public internet host (IANA special-purpose registries, RFC 6890). */
const PRIVATE_RANGES: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'an unspecified address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, "a carrier's shared address"],
  ['127.0.0.0', 8, LOOPBACK],
  ['169.254.0.0', 16, 'a link-local address'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.168.0.0', 16, 'a private address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved address'],
  ['::', 128, 'an unspecified address'],
  ['::1', 128, LOOPBACK],
  ['fc00::', 7, 'a private (unique local) address'],
  ['fe80::', 10, 'a link-local address'],
  ['fec0::', 10, 'a site-local address'],
  ['ff00::', 8, 'a multicast address']
]

/** An IPv4 address in dotted decimal (no leading zeros, as node:net's isIP) as its 4 bytes. */
function ipv4Bytes(text: string): number[] | undefined {
  const parts = text.split('.')
  if (parts.length !== 4 || !parts.every((part) => /^(?:0|[1-9]\d{0,2})$/.test(part))) return undefined
  const bytes = parts.map(Number)
  return bytes.every((byte) => byte <= 255) ? bytes : undefined
}

/** The 16-bit groups of one side of `::` (an IPv4 tail only where `lastSide`), or undefined. */
function ipv6Groups(side: string, lastSide: boolean): number[] | undefined {
  if (side === '') return []
  const pieces = side.split(':')
  const groups: number[] = []
  for (const [index, piece] of pieces.entries()) {
    if (lastSide && index === pieces.length - 1 && piece.includes('.')) {
      const tail = ipv4Bytes(piece)
      if (!tail) return undefined
      groups.push(tail[0] * 256 + tail[1], tail[2] * 256 + tail[3])
    } else if (/^[0-9a-f]{1,4}$/.test(piece)) groups.push(parseInt(piece, 16))
    else return undefined
  }
  return groups
}

/** An IPv6 address (lower case, `::` and an IPv4 tail allowed) as its 16 bytes. */
function ipv6Bytes(text: string): number[] | undefined {
  const sides = text.split('::')
  if (sides.length > 2) return undefined
  const head = ipv6Groups(sides[0], sides.length === 1)
  const tail = sides.length === 2 ? ipv6Groups(sides[1], true) : []
  if (!head || !tail) return undefined
  const zeros = 8 - head.length - tail.length
  if (sides.length === 1 ? zeros !== 0 : zeros < 1) return undefined
  return [...head, ...Array<number>(sides.length === 1 ? 0 : zeros).fill(0), ...tail].flatMap((group) => [
    group >> 8,
    group & 255
  ])
}

/**
 * An address's bytes: 4 for IPv4 and for IPv4-mapped IPv6 (`::ffff:127.0.0.1`, judged as its IPv4), else 16. An
 * IPv6 zone (`fe80::1%eth0`) is allowed, as node:net allows it, and says nothing of the range.
 */
function addressBytes(address: string): number[] | undefined {
  if (!address.includes(':')) return ipv4Bytes(address)
  const bytes = ipv6Bytes(address.replace(/%[0-9a-z.:-]+$/, ''))
  const mapped = bytes?.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 255 && bytes[11] === 255
  return mapped ? bytes?.slice(12) : bytes
}

const ranges = PRIVATE_RANGES.map(([network, prefix, kind]) => ({
  bytes: addressBytes(network) as number[],
  prefix,
  kind
}))

/** The kind of the first private range that holds `bytes`. */
function rangeOf(bytes: number[]): string | undefined {
  return ranges.find(({ bytes: network, prefix }) => {
    if (network.length !== bytes.length) return false
    for (let bit = 0; bit < prefix; bit += 8) {
      const mask = (0xff << (8 - Math.min(8, prefix - bit))) & 0xff
      if ((bytes[bit / 8] & mask) !== (network[bit / 8] & mask)) return false
    }
    return true
  })?.kind
}

/** `127.0.0.1`, `[::1]`, `localhost`: the names the local Twilio emulator can call back on. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase()
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  const bytes = addressBytes(host.replace(/^\[|\]$/g, ''))
  return bytes !== undefined && rangeOf(bytes) === LOOPBACK
}

/**
 * Why Twilio cannot reach `hostname` (a URL's hostname as the URL parser reads it, IPv6 in brackets), or undefined
 * for a host that may be public. IPv4-mapped IPv6 addresses (`::ffff:127.0.0.1`) are judged by their IPv4 address.
 */
export function unreachableHostReason(hostname: string): string | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, '')
  if (host === 'localhost' || host.endsWith('.localhost')) return 'a name for this machine'
  if (host.endsWith('.local')) return 'a local network name (mDNS)'
  const bytes = addressBytes(host.replace(/^\[|\]$/g, ''))
  if (!bytes) return host.includes('.') ? undefined : 'a name without a domain, which only a local network knows'
  return rangeOf(bytes)
}
