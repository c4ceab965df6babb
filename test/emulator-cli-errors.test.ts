// `npm run emulator` errors as a good CLI gives them: bad values name the flag as typed (or the variable), and a
// busy port gets the same advice as the dev server's.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { parseCliOptions } from '../src/emulator/cli'
import { startEmulator } from '../src/emulator/server'

jest.setTimeout(30000)

const root = path.resolve(__dirname, '..')

function runEmulatorCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/emulator/cli.ts', ...args], {
    cwd: root,
    env: { ...process.env, EMULATOR_PORT: '' }
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  child.stderr.on('data', (chunk) => (stderr += chunk))
  child.stdout.on('data', () => {
    // A started emulator would keep running: stop it, the test then sees its banner.
    if (stdout.includes('Ctrl+C to stop.')) child.kill('SIGTERM')
  })
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })))
}

describe('bad values name the flag as typed', () => {
  it.each([
    [['--rate-429', '2'], '--rate-429 must be a number from 0 to 1 (got "2").'],
    [['--rate-429=lots'], '--rate-429 must be a number from 0 to 1 (got "lots").'],
    [['--rate-5xx', '-0.1'], '--rate-5xx must be a number from 0 to 1 (got "-0.1").'],
    [['-p', '70000'], '-p must be an integer from 0 to 65535 (got "70000").'],
    [['--port', '70000'], '--port must be an integer from 0 to 65535 (got "70000").'],
    [['--latency', '1.5'], '--latency must be an integer from 0 to 600000 (got "1.5").'],
    [['--numbers', 'many'], '--numbers must be an integer from 0 to 1000000 (got "many").']
  ])('%j', (argv, message) => {
    expect(() => parseCliOptions(argv, {})).toThrow(message)
  })

  it('a bad environment variable is named as such', () => {
    expect(() => parseCliOptions([], { EMULATOR_RATE_DROP: 'lots' })).toThrow(
      'EMULATOR_RATE_DROP must be a number from 0 to 1 (got "lots").'
    )
  })

  it('the process prints the message once and exits 2', async () => {
    const result = await runEmulatorCli(['--port', '0', '--rate-429', '2'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('--rate-429 must be a number from 0 to 1 (got "2").\n')
  })
})

describe('a busy port', () => {
  it('gets the same friendly message as the dev server, and exit code 2', async () => {
    const busy = await startEmulator({ port: 0 })
    try {
      const result = await runEmulatorCli(['--port', String(busy.port)])
      expect(result.code).toBe(2)
      expect(result.stderr).toBe(
        `Port ${busy.port} is already in use: pass --port <port> or set EMULATOR_PORT (0 = any free port).\n`
      )
      expect(result.stdout).toBe('')
    } finally {
      await busy.close()
    }
  })
})
