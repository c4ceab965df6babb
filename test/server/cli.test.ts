// The entry points as people run them: `npm start` (a real child process: banner, curl, Ctrl+C) and `npm run send`.
import { spawn, execFile, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DEMO_CREDENTIALS } from '../../src/emulator'
import { TWILIO_BASE_URL_ENV } from '../../src/destinations/twilio-messaging/twilio'
import { parseStartArgs, start, DEFAULT_PORT } from '../../src/server/start'
import { parseSendArgs, runSend } from '../../src/server/send'
import { sampleEvent, sampleMapping } from '../../src/server/samples'

jest.setTimeout(60000)

const root = path.resolve(__dirname, '../..')
const basicToken = Buffer.from(`${DEMO_CREDENTIALS.apiKeySid}:${DEMO_CREDENTIALS.apiKeySecret}`).toString('base64')
/** The environment of a fresh shell: no live credentials, no emulator override. */
const cleanEnv = () => {
  const env = { ...process.env }
  for (const key of [
    'TWILIO_ACCOUNT_SID',
    'TWILIO_API_KEY_SID',
    'TWILIO_API_KEY_SECRET',
    TWILIO_BASE_URL_ENV,
    'PORT'
  ]) {
    delete env[key]
  }
  return env
}

function runScript(script: string, args: string[], env = cleanEnv()): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', script, ...args], { cwd: root, env })
}

function waitForExit(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
}

function collect(child: ChildProcess) {
  const out = { stdout: '', stderr: '' }
  child.stdout?.on('data', (chunk) => (out.stdout += chunk))
  child.stderr?.on('data', (chunk) => (out.stderr += chunk))
  return out
}

describe('npm start as a process', () => {
  it('prints the URLs and a curl that works, and Ctrl+C stops both servers with exit 0', async () => {
    const child = runScript('src/server/start.ts', ['--port', '0'])
    const out = collect(child)
    const exited = waitForExit(child)
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner:\n${out.stdout}\n${out.stderr}`)), 45000)
        child.stdout?.on('data', () => {
          if (out.stdout.includes('Ctrl+C to stop.')) {
            clearTimeout(timer)
            resolve()
          }
        })
        child.once('exit', () => reject(new Error(`exited early:\n${out.stdout}\n${out.stderr}`)))
      })
      const devUrl = /Dev server\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out.stdout)![1]
      const emulatorUrl = /Twilio emulator\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out.stdout)![1]
      const curl = out.stdout.split('\n').find((line) => line.startsWith('curl '))!
      expect(curl).toContain(`${devUrl}/sendMessage`)

      // Run the printed command as a person would (curl if present, else its body through fetch).
      const hasCurl = await new Promise<boolean>((resolve) =>
        execFile('sh', ['-c', 'command -v curl'], (e) => resolve(!e))
      )
      let answer: Array<{ response: { statusCode: number; body: { sid: string } } }>
      if (hasCurl) {
        answer = JSON.parse(
          await new Promise<string>((resolve, reject) =>
            execFile('sh', ['-c', curl], { timeout: 15000 }, (error, stdout) =>
              error ? reject(error) : resolve(stdout)
            )
          )
        )
      } else {
        // The body as the shell expands it (the messageId is made by the shell at each paste).
        const data = await new Promise<string>((resolve, reject) =>
          execFile(
            'sh',
            ['-c', `curl() { while [ $# -gt 0 ]; do [ "$1" = --data ] && printf '%s' "$2"; shift; done; }\n${curl}`],
            (error, stdout) => (error ? reject(error) : resolve(stdout))
          )
        )
        const response = await fetch(`${devUrl}/sendMessage`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: data
        })
        answer = (await response.json()) as typeof answer
      }
      expect(answer[0].response.statusCode).toBe(201)
      const outbox = (await (await fetch(`${emulatorUrl}/__emulator/messages`)).json()) as {
        messages: Array<{ sid: string; to: string; body: string }>
      }
      expect(outbox.messages[0]).toMatchObject({ sid: answer[0].response.body.sid, to: '+14155552671' })

      child.kill('SIGINT')
      expect(await exited).toEqual({ code: 0, signal: null })
      expect(out.stdout).toContain('SIGINT: stopping')
      await expect(fetch(`${devUrl}/manifest`)).rejects.toThrow()
      await expect(fetch(`${emulatorUrl}/__emulator/state`)).rejects.toThrow()
      // The server's log lines (after the banner) never show the secret or a Basic credential.
      const logPart = out.stdout.slice(out.stdout.indexOf('Ctrl+C to stop.'))
      expect(logPart).toContain('POST /sendMessage -> 200')
      expect(logPart).not.toContain(DEMO_CREDENTIALS.apiKeySecret)
      expect(logPart).not.toContain(basicToken)
      expect(logPart).not.toContain('Basic ')
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  })

  it('--live without credentials exits 2 with a clear message', async () => {
    const child = runScript('src/server/start.ts', ['--live', '--port', '0'])
    const out = collect(child)
    expect((await waitForExit(child)).code).toBe(2)
    expect(out.stderr).toMatch(/--live needs real Twilio credentials; missing: accountSID, apiKeySID, apiKeySecret/)
    expect(out.stderr).toContain('TWILIO_API_KEY_SECRET')
  })
})

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
    const keys = [TWILIO_BASE_URL_ENV, 'TWILIO_ACCOUNT_SID', 'TWILIO_API_KEY_SID', 'TWILIO_API_KEY_SECRET']
    const saved = Object.fromEntries(keys.map((key) => [key, process.env[key]]))
    process.env[TWILIO_BASE_URL_ENV] = 'http://127.0.0.1:9'
    process.env.TWILIO_ACCOUNT_SID = 'AC' + 'c'.repeat(32)
    process.env.TWILIO_API_KEY_SID = 'SK' + 'd'.repeat(32)
    process.env.TWILIO_API_KEY_SECRET = 'live-secret-never-printed'
    const logs: string[] = []
    const started = await start({ port: 0, live: true }, (line) => logs.push(line))
    try {
      expect(started.target.mode).toBe('live')
      expect(started.target.emulator).toBeUndefined()
      expect(process.env[TWILIO_BASE_URL_ENV]).toBeUndefined()
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

describe('npm run send', () => {
  let dir: string
  const file = (name: string, value: unknown) => {
    const target = path.join(dir, name)
    writeFileSync(target, JSON.stringify(value))
    return target
  }
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'send-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('parses the flags', () => {
    expect(parseSendArgs(['--event', 'e.json', '--mapping', 'm.json'])).toMatchObject({
      event: 'e.json',
      mapping: 'm.json',
      live: false,
      action: 'sendMessage'
    })
    expect(() => parseSendArgs(['--event', 'e.json'])).toThrow(/mapping/)
  })

  it('runs one event against a fresh emulator and prints the exchange, redacted', async () => {
    const outcome = await runSend({
      event: file('event.json', sampleEvent()),
      mapping: file('mapping.json', sampleMapping()),
      live: false,
      action: 'sendMessage',
      json: false
    })
    expect(outcome.exitCode).toBe(0)
    expect(outcome.output).toMatch(/> POST http:\/\/127\.0\.0\.1:\d+\/2010-04-01\/Accounts\/AC\w+\/Messages\.json/)
    expect(outcome.output).toContain('authorization: <redacted>')
    expect(outcome.output).toContain('< 201 Created')
    expect(outcome.output).toContain('Hi Ada, your order A-1001 has shipped!')
    expect(outcome.output).not.toContain(DEMO_CREDENTIALS.apiKeySecret)
    expect(outcome.output).not.toContain(basicToken)
    expect(process.env[TWILIO_BASE_URL_ENV]).toBeUndefined()
  })

  it('a failing event exits 1 with the error code and message', async () => {
    const event = sampleEvent()
    ;(event.context as { traits: { phone: string } }).traits.phone = '+15005550001'
    const outcome = await runSend({
      event: file('bad.json', event),
      mapping: file('mapping.json', sampleMapping()),
      live: false,
      action: 'sendMessage',
      json: true
    })
    expect(outcome.exitCode).toBe(1)
    expect(JSON.parse(outcome.output)[0]).toMatchObject({ code: 'TWILIO_21211', statusCode: 400, requestError: true })
  })

  it('a settings file with other credentials is accepted by the emulator it starts, and its secret is redacted', async () => {
    const settings = {
      accountSID: 'AC' + 'e'.repeat(32),
      apiKeySID: 'SK' + 'f'.repeat(32),
      apiKeySecret: 'file-secret-1234'
    }
    const outcome = await runSend({
      event: file('event.json', sampleEvent()),
      mapping: file('mapping.json', sampleMapping()),
      settings: file('settings.json', settings),
      live: false,
      action: 'sendMessage',
      json: false
    })
    expect(outcome.exitCode).toBe(0)
    expect(outcome.output).toContain(settings.accountSID)
    expect(outcome.output).not.toContain('file-secret-1234')
  })

  it('bad files and unknown actions are clear errors (exit 2 from the process)', async () => {
    const base = { mapping: file('mapping.json', sampleMapping()), live: false, action: 'sendMessage', json: false }
    await expect(runSend({ ...base, event: path.join(dir, 'missing.json') })).rejects.toThrow(
      /The event file .*missing\.json does not exist/
    )
    writeFileSync(path.join(dir, 'broken.json'), '{not json')
    await expect(runSend({ ...base, event: path.join(dir, 'broken.json') })).rejects.toThrow(/not valid JSON/)
    await expect(runSend({ ...base, event: file('event.json', sampleEvent()), action: 'nope' })).rejects.toThrow(
      /Unknown action 'nope'/
    )
    const child = runScript('src/server/send.ts', [
      '--event',
      path.join(dir, 'missing.json'),
      '--mapping',
      base.mapping
    ])
    const out = collect(child)
    expect((await waitForExit(child)).code).toBe(2)
    expect(out.stderr).toContain(`The event file ${path.join(dir, 'missing.json')} does not exist`)
  })
})
