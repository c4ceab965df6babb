// The emulator in its own process, as Twilio would be: the client's CPU and the server's are not one event loop.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { processCpuUs } from './thread-cpu'

export interface EmulatorProcess {
  url: string
  counters(): Promise<Record<string, number>>
  /** Counters and the most requests admitted at once since the last reset. */
  state(): Promise<{ counters: Record<string, number>; peakInFlight: number }>
  /** Clears messages, counters and the in-flight peak. */
  reset(): Promise<void>
  /** Changes fault knobs (latencyMs, concurrencyLimit, ...) through the admin route. */
  setFaults(faults: Record<string, number>): Promise<void>
  /** CPU the emulator's process has used, all its threads, in microseconds (NaN without /proc). */
  cpuUs(): number
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
      const state = async () =>
        (await (await fetch(`${url}/__emulator/state`)).json()) as {
          counters: Record<string, number>
          peakInFlight: number
        }
      const post = async (path: string, body?: object) => {
        const response = await fetch(`${url}/__emulator/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body ?? {})
        })
        if (!response.ok) throw new Error(`emulator ${path}: HTTP ${response.status}`)
      }
      resolve({
        url,
        counters: async () => (await state()).counters,
        state,
        reset: () => post('reset'),
        setFaults: (faults) => post('faults', faults),
        cpuUs: () => (child.pid === undefined ? Number.NaN : processCpuUs(child.pid)),
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
