// Running the package's scripts as child processes, as people run them (`npm start`, `npm run send`), for the
// tests of the entry points.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { DEMO_CREDENTIALS } from '../../src/emulator'

const root = path.resolve(__dirname, '../..')
/** The emulator's demo credentials as a Basic credential: what no output may show. */
export const basicToken = Buffer.from(`${DEMO_CREDENTIALS.apiKeySid}:${DEMO_CREDENTIALS.apiKeySecret}`).toString(
  'base64'
)

/** The environment of a fresh shell: no live credentials, no PORT. */
export const cleanEnv = () => {
  const env = { ...process.env }
  for (const key of ['TWILIO_ACCOUNT_SID', 'TWILIO_API_KEY_SID', 'TWILIO_API_KEY_SECRET', 'PORT']) {
    delete env[key]
  }
  return env
}

/** `node -r ts-node/register/transpile-only <script> <args>` from the package root. */
export function runScript(script: string, args: string[], env = cleanEnv()): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', script, ...args], { cwd: root, env })
}

export function waitForExit(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
}

/** Everything the child prints, collected as it comes. */
export function collect(child: ChildProcess) {
  const out = { stdout: '', stderr: '' }
  child.stdout?.on('data', (chunk) => (out.stdout += chunk))
  child.stderr?.on('data', (chunk) => (out.stderr += chunk))
  return out
}
