// `npm run dev` (src/server/dev.ts) with the real dev server process (start.ts under ts-node): a change in a
// watched folder restarts it on the same ports, and the live-reload socket on PORT+1 then sends `change`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { WebSocket } from 'ws'
import { ConfigError } from '../../src/server/config'
import { freePortPair, startDev, type DevSupervisor } from '../../src/server/dev'
import { CHANGE_MESSAGE } from '../../src/server/live-reload'
import { sampleRequestBody, settingsFor } from '../../src/server/samples'
import { DEMO_CREDENTIALS } from '../../src/emulator'

jest.setTimeout(180_000)

/** Opens a socket; resolves with it once open, or with the refusal status. */
function connect(url: string, headers: Record<string, string>): Promise<{ socket?: WebSocket; refused?: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers })
    socket.once('open', () => resolve({ socket }))
    socket.once('unexpected-response', (_req, res) => resolve({ refused: res.statusCode }))
    socket.once('error', reject)
  })
}

const nextMessage = (socket: WebSocket) =>
  new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))))

describe('npm run dev', () => {
  let watched: string
  let supervisor: DevSupervisor | undefined
  const lines: string[] = []
  // No PORT (it would fix the port).
  const env = { ...process.env, PORT: '' }

  beforeAll(() => {
    watched = mkdtempSync(path.join(tmpdir(), 'dev-watch-'))
    writeFileSync(path.join(watched, 'destination.ts'), 'export const version = 1\n')
  })

  afterAll(async () => {
    await supervisor?.stop()
    rmSync(watched, { recursive: true, force: true })
  })

  it('restarts on a change, keeps both ports, and sends `change` on PORT+1 once the new server listens', async () => {
    supervisor = await startDev({
      argv: ['--port', '0'],
      env,
      watch: [watched],
      out: (line) => lines.push(line),
      childOutput: 'ignore'
    })
    const { port, emulatorPort } = supervisor
    expect(supervisor.liveReload.port).toBe(port + 1)
    expect(emulatorPort).toEqual(expect.any(Number))
    expect(await supervisor.ready()).toBe(1)

    const origin = `http://127.0.0.1:${port}`
    const sent = await fetch(`${origin}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sampleRequestBody(settingsFor(DEMO_CREDENTIALS)))
    })
    expect(sent.status).toBe(200)
    const outbox = async () =>
      (await (await fetch(`http://127.0.0.1:${emulatorPort}/__emulator/messages`)).json()) as { total: number }
    expect((await outbox()).total).toBe(1)

    const { socket } = await connect(supervisor.liveReload.url, { origin })
    const change = nextMessage(socket!)
    writeFileSync(path.join(watched, 'destination.ts'), 'export const version = 2\n')
    expect(await change).toBe(CHANGE_MESSAGE)
    expect(await supervisor.ready()).toBe(2)
    socket!.close()

    // The same URLs answer: the dev server and the emulator (started afresh, so its outbox is empty).
    expect((await fetch(`${origin}/manifest`)).status).toBe(200)
    expect((await outbox()).total).toBe(0)
    expect(lines.some((line) => /^\[dev\] Restarting: .*destination\.ts changed$/.test(line))).toBe(true)
    expect(lines.some((line) => line.includes('sent "change" to 1 live-reload client'))).toBe(true)
    expect(lines.some((line) => line.includes('stopped'))).toBe(false)
  })

  it('the socket refuses a foreign page and a rebound Host', async () => {
    const url = supervisor!.liveReload.url
    expect(await connect(url, { origin: 'https://evil.example' })).toEqual({ refused: 403 })
    expect(await connect(url, { origin: 'http://localhost:5173' })).toEqual({ refused: 403 })
    expect(await connect(url, { host: `rebound.example:${supervisor!.liveReload.port}` })).toEqual({ refused: 403 })
    const segment = await connect(url, { origin: 'https://app.segment.com' })
    expect(segment.socket).toBeDefined()
    segment.socket!.close()
  })

  it('a busy PORT+1 is a clear error before anything starts', async () => {
    const port = await freePortPair()
    const blocker: Server = createServer()
    await new Promise<void>((resolve) => blocker.listen(port + 1, '127.0.0.1', resolve))
    try {
      const attempt = startDev({
        argv: ['--port', String(port)],
        env,
        watch: [watched],
        out: () => undefined,
        childOutput: 'ignore'
      })
      await expect(attempt).rejects.toThrow(ConfigError)
      await expect(attempt).rejects.toThrow(`Port ${port + 1} (the live-reload socket`)
    } finally {
      blocker.close()
    }
  })

  it('a first start that fails (live without credentials) ends npm run dev with its exit code', async () => {
    const bare = Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('TWILIO_')))
    const failing = await startDev({
      argv: ['--port', '0', '--live'],
      env: bare,
      watch: [watched],
      out: () => undefined,
      childOutput: 'ignore'
    })
    try {
      expect(await failing.failed).toBe(2)
    } finally {
      await failing.stop()
    }
  })
})
