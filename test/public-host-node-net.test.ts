// public-host.ts reads IP addresses itself (the monorepo declares no Node module for destinations). Node's own
// reading judges it here: node:net's isIP decides what is an address, and a BlockList holding the same ranges
// decides which range holds it (IPv4-mapped IPv6 addresses checked against the IPv4 ranges, as BlockList does).
import fc from 'fast-check'
import { BlockList, isIP } from 'node:net'
import { isLoopbackHost, unreachableHostReason } from '../src/destinations/twilio-messaging/sendMessage/public-host'

const RANGES: Array<[string, number, 'ipv4' | 'ipv6', string]> = [
  ['0.0.0.0', 8, 'ipv4', 'an unspecified address'],
  ['10.0.0.0', 8, 'ipv4', 'a private address'],
  ['100.64.0.0', 10, 'ipv4', "a carrier's shared address"],
  ['127.0.0.0', 8, 'ipv4', 'a loopback address (this machine)'],
  ['169.254.0.0', 16, 'ipv4', 'a link-local address'],
  ['172.16.0.0', 12, 'ipv4', 'a private address'],
  ['192.168.0.0', 16, 'ipv4', 'a private address'],
  ['224.0.0.0', 4, 'ipv4', 'a multicast address'],
  ['240.0.0.0', 4, 'ipv4', 'a reserved address'],
  ['::', 128, 'ipv6', 'an unspecified address'],
  ['::1', 128, 'ipv6', 'a loopback address (this machine)'],
  ['fc00::', 7, 'ipv6', 'a private (unique local) address'],
  ['fe80::', 10, 'ipv6', 'a link-local address'],
  ['fec0::', 10, 'ipv6', 'a site-local address'],
  ['ff00::', 8, 'ipv6', 'a multicast address']
]
const lists = RANGES.map(([network, prefix, family, kind]) => {
  const list = new BlockList()
  list.addSubnet(network, prefix, family)
  return { list, kind }
})

const LOOPBACK = 'a loopback address (this machine)'
const rangeKind = (address: string, family: number) =>
  lists.find(({ list }) => list.check(address, family === 6 ? 'ipv6' : 'ipv4'))?.kind

/** The same contract as public-host.ts, written with node:net: the reference it is held to. */
function referenceReason(hostname: string): string | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, '')
  if (host === 'localhost' || host.endsWith('.localhost')) return 'a name for this machine'
  if (host.endsWith('.local')) return 'a local network name (mDNS)'
  const address = host.replace(/^\[|\]$/g, '')
  const family = isIP(address)
  if (family === 0) return host.includes('.') ? undefined : 'a name without a domain, which only a local network knows'
  return rangeKind(address, family)
}

function referenceLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase()
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  const address = host.replace(/^\[|\]$/g, '')
  const family = isIP(address)
  return family !== 0 && rangeKind(address, family) === LOOPBACK
}

const octet = fc.integer({ min: 0, max: 255 })
const ipv4 = fc.tuple(octet, octet, octet, octet).map((bytes) => bytes.join('.'))
const group = fc.integer({ min: 0, max: 0xffff }).map((value) => value.toString(16))
/** Eight groups, a run of them compressed to `::` or not, and now and then an IPv4 tail or the mapped prefix. */
const ipv6 = fc
  .tuple(
    fc.array(group, { minLength: 8, maxLength: 8 }),
    fc.integer({ min: -1, max: 7 }),
    fc.integer({ min: 1, max: 8 }),
    fc.option(ipv4),
    fc.boolean()
  )
  .map(([groups, start, length, tail, mapped]) => {
    const words = mapped ? ['0', '0', '0', '0', '0', 'ffff', ...groups.slice(6)] : [...groups]
    if (tail) words.splice(6, 2, tail)
    if (start < 0 || start >= words.length) return words.join(':')
    const end = Math.min(words.length, start + length)
    return `${words.slice(0, start).join(':')}::${words.slice(end).join(':')}`
  })
/** Near misses: leading zeros, too many parts, stray characters, several `::`, a zone, groups too long. */
const nearMiss = fc.oneof(
  fc.tuple(octet, octet, octet, octet).map(([a, b, c, d]) => `0${a}.${b}.${c}.${d}`),
  fc.tuple(ipv4, octet).map(([address, extra]) => `${address}.${extra}`),
  fc.tuple(ipv4, fc.constantFrom('256', '1000', 'x', '')).map(([address, part]) => `${address.slice(2)}.${part}`),
  ipv6.map((address) => `${address}::1`),
  ipv6.map((address) => `${address}:g`),
  // A zone (never in a URL's hostname, possible in a Host header). node:net's BlockList matches no range for a zoned
  // address with an IPv4 tail (its own quirk: isIP calls it IPv6), so zones are tried on hex-only addresses.
  ipv6.filter((address) => !address.includes('.')).map((address) => `${address}%eth0`),
  fc.tuple(ipv6, fc.constantFrom('0', '00000', '12345')).map(([address, piece]) => `${piece}:${address}`),
  fc.string({ maxLength: 12 })
)
const special = fc.constantFrom(
  '127.0.0.1',
  '::1',
  '::',
  '::ffff:127.0.0.1',
  '::ffff:10.1.2.3',
  '::ffff:7f00:1',
  'fe80::1',
  'fc00::',
  'fdff:ffff::1',
  '169.254.169.254',
  '100.127.255.255',
  '100.128.0.0',
  '172.31.255.255',
  '172.32.0.0',
  '1::',
  '1:2:3:4:5:6:7::',
  '::2:3:4:5:6:7:8',
  '1:2:3:4:5:6:1.2.3.4'
)

describe('public-host reads addresses as node:net does', () => {
  it('the same verdicts for addresses, near misses and the ranges edges, bare and in brackets', () => {
    fc.assert(
      fc.property(fc.oneof(ipv4, ipv6, nearMiss, special), fc.boolean(), (address, upper) => {
        const written = upper ? address.toUpperCase() : address
        for (const host of [written, `[${written}]`]) {
          expect(unreachableHostReason(host)).toBe(referenceReason(host))
          expect(isLoopbackHost(host)).toBe(referenceLoopback(host))
        }
      }),
      { numRuns: 20_000, seed: 20261206 }
    )
  })

  it('knows the edges of each range', () => {
    expect(unreachableHostReason('100.64.0.0')).toBe("a carrier's shared address")
    expect(unreachableHostReason('100.128.0.0')).toBeUndefined()
    expect(unreachableHostReason('172.31.255.255')).toBe('a private address')
    expect(unreachableHostReason('172.32.0.0')).toBeUndefined()
    expect(unreachableHostReason('[::ffff:127.0.0.1]')).toBe(LOOPBACK)
    expect(unreachableHostReason('[fdff:ffff::1]')).toBe('a private (unique local) address')
    expect(unreachableHostReason('[fe80::1]')).toBe('a link-local address')
    expect(unreachableHostReason('[2001:db8::1]')).toBeUndefined()
    expect(isLoopbackHost('[::1]')).toBe(true)
    expect(isLoopbackHost('[::2]')).toBe(false)
  })
})
