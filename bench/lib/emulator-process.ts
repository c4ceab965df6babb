// The emulator in its own process, as Twilio would be: the client's CPU and the server's are not one event loop.
import { spawn } from 'node:child_process'
import { join } from 'node:path'

export interface EmulatorProcess {
  url: string
  counters(): Promise<Record<string, number>>
  close(): Promise<void>
}

export function startEmulatorProcess(args: string[]): Promise<EmulatorProcess> {
  const root = join(__dirname, '..', '..')
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(root, 'src/emulator/cli.ts'), '--port', '0', ...args],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] }
  )
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${output}`)), 60_000)
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${output}`)))
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (!match) return
      clearTimeout(timer)
      child.stdout.removeAllListeners('data')
      child.stdout.resume()
      const url = match[1]
      resolve({
        url,
        counters: async () =>
          ((await (await fetch(`${url}/__emulator/state`)).json()) as { counters: Record<string, number> }).counters,
        close: () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit')
            child.once('exit', () => done())
            child.kill('SIGTERM')
          })
      })
    })
  })
}
