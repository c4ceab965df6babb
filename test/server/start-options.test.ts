// `npm start`'s options: --port, PORT, --live with credentials from the environment, a settings file for the
// emulator, and a port in use.
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import destination from '../../src/destinations/twilio-messaging'
import { parseStartArgs, start, DEFAULT_PORT } from '../../src/server/start'

jest.setTimeout(60000)

describe('start options', () => {
  it('reads --port, PORT and the default', () => {
    expect(parseStartArgs([], {}).port).toBe(DEFAULT_PORT)
    expect(parseStartArgs([], { PORT: '4321' }).port).toBe(4321)
    expect(parseStartArgs(['--port', '5000'], { PORT: '4321' }).port).toBe(5000)
    expect(parseStartArgs(['--emulator-port', '4010']).emulatorPort).toBe(4010)
    expect(parseStartArgs(['--live', '--settings', 'x.json'], {})).toMatchObject({ live: true, settingsFile: 'x.json' })
    expect(() => parseStartArgs(['--port', 'abc'], {})).toThrow(/--port must be an integer/)
    expect(() => parseStartArgs([], { PORT: '70000' })).toThrow(/PORT must be an integer/)
  })

  it('--live with credentials from the environment: real Twilio hosts, the secret never printed', async () => {
    // A variable an older version read to point the destination elsewhere: neither read nor cleared now.
    const stale = 'TWILIO_MESSAGING_BASE_URL'
    const keys = [stale, 'TWILIO_ACCOUNT_SID', 'TWILIO_API_KEY_SID', 'TWILIO_API_KEY_SECRET']
    const saved = Object.fromEntries(keys.map((key) => [key, process.env[key]]))
    process.env[stale] = 'http://127.0.0.1:9'
    process.env.TWILIO_ACCOUNT_SID = 'AC' + 'c'.repeat(32)
    process.env.TWILIO_API_KEY_SID = 'SK' + 'd'.repeat(32)
    process.env.TWILIO_API_KEY_SECRET = 'live-secret-never-printed'
    const logs: string[] = []
    const started = await start({ port: 0, live: true }, (line) => logs.push(line))
    try {
      expect(started.target.mode).toBe('live')
      expect(started.target.emulator).toBeUndefined()
      // The destination as Segment runs it, on Twilio's own hosts; the environment is left as it was.
      expect(started.target.definition).toBe(destination)
      expect(process.env[stale]).toBe('http://127.0.0.1:9')
      expect(started.banner).toContain('LIVE')
      expect(started.banner).toContain('AC' + 'c'.repeat(32))
      expect(started.banner).not.toContain('live-secret-never-printed')
      // A malformed request is answered locally (no request leaves the machine) and the live secret is redacted.
      const response = await fetch(`${started.devServer.url}/authenticate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accountSID: 'bad', apiKeySID: 'bad', apiKeySecret: 'live-secret-never-printed' })
      })
      const text = await response.text()
      expect(JSON.parse(text).ok).toBe(false)
      expect(text + logs.join('\n')).not.toContain('live-secret-never-printed')
    } finally {
      await started.stop()
      for (const key of keys) {
        if (saved[key] === undefined) delete process.env[key]
        else process.env[key] = saved[key]
      }
    }
  })

  it('without --live, a settings file sets the emulator credentials and its secret is not printed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'start-'))
    const settings = {
      accountSID: 'AC' + '7'.repeat(32),
      apiKeySID: 'SK' + '8'.repeat(32),
      apiKeySecret: 'rehearsal-secret'
    }
    const settingsFile = path.join(dir, 'settings.json')
    writeFileSync(settingsFile, JSON.stringify(settings))
    const started = await start({ port: 0, live: false, settingsFile }, () => undefined)
    try {
      expect(started.target.emulator!.credentials.apiKeySid).toBe(settings.apiKeySID)
      expect(started.banner).toContain(settings.accountSID)
      expect(started.banner).not.toContain('rehearsal-secret')
      const response = await fetch(`${started.devServer.url}/authenticate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(settings)
      })
      expect(await response.json()).toEqual({ ok: true })
    } finally {
      await started.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a port in use is a clear error, and the emulator it started is closed again', async () => {
    const first = await start({ port: 0, live: false }, () => undefined)
    try {
      await expect(start({ port: first.devServer.port, live: false }, () => undefined)).rejects.toThrow(
        /Port \d+ is already in use/
      )
    } finally {
      await first.stop()
    }
  })
})
