// The network guard of the suites that talk to real loopback servers: loopback connects, anything else fails at once.
import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { useLoopbackOnly } from './helpers/loopback-only'

useLoopbackOnly()

test('a connection to loopback goes through; one to another host is refused before it leaves', async () => {
  const server = http.createServer((_req, res) => res.end('ok'))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
    expect(await answer.text()).toBe('ok')
    expect(() => net.connect({ host: '192.0.2.1', port: 80 })).toThrow(
      'This test may only connect to loopback, not 192.0.2.1.'
    )
    expect(() => net.connect(443, 'api.twilio.com')).toThrow(/not api\.twilio\.com/)
  } finally {
    server.close()
  }
})
