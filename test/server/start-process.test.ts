// `npm start` as a real child process: the banner, the printed curl run as a person would, and Ctrl+C.
import { execFile } from 'node:child_process'
import { DEMO_CREDENTIALS, startEmulator } from '../../src/emulator'
import { basicToken, cleanEnv, collect, runScript, waitForExit } from './cli-process'

jest.setTimeout(60000)

describe('npm start as a process', () => {
  it('prints the URLs and a curl that works, and Ctrl+C stops both servers with exit 0', async () => {
    // An emulator named by the variable older versions read (TWILIO_MESSAGING_BASE_URL), left in the shell: npm start
    // ignores it, runs its own emulator and sends nothing to this one.
    const stale = await startEmulator({ port: 0 })
    const child = runScript('src/server/start.ts', ['--port', '0'], {
      ...cleanEnv(),
      TWILIO_MESSAGING_BASE_URL: stale.url
    })
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
      expect(emulatorUrl).not.toBe(stale.url)
      expect(out.stdout).not.toContain('the emulator you run')
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
      expect(stale.state.counters.requests).toBe(0)
      expect(stale.state.messages).toEqual([])

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
      await stale.close()
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
