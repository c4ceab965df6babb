// The tester page reads GET /tester/outbox every second (issue 21): successful reads stay out of the dev server's
// log, so the terminal shows what the user did; a failed read is still logged, as every other request is.
import destination from '../../src/destinations/twilio-messaging'
import { startEmulator } from '../../src/emulator'
import { startDevServer } from '../../src/server/app'

test('outbox polls are not logged when they succeed; other requests and a failed poll are', async () => {
  const emulator = await startEmulator({ port: 0 })
  const logs: string[] = []
  const server = await startDevServer({
    destination,
    port: 0,
    log: (line) => logs.push(line),
    tester: { emulatorUrl: emulator.url }
  })
  try {
    for (let i = 0; i < 3; i++) expect((await fetch(`${server.url}/tester/outbox?limit=20`)).status).toBe(200)
    expect((await fetch(`${server.url}/tester/config`)).status).toBe(200)
    await emulator.close()
    expect((await fetch(`${server.url}/tester/outbox?limit=20`)).status).toBe(502)
  } finally {
    await server.close()
    await emulator.close().catch(() => undefined)
  }
  expect(logs.filter((line) => line.startsWith('GET /tester/config'))).toHaveLength(1)
  expect(logs.filter((line) => line.startsWith('GET /tester/outbox'))).toEqual([
    expect.stringMatching(/^GET \/tester\/outbox\?limit=20 -> 502 in \d+ ms$/)
  ])
})
