// `npm start` with an emulator the user already runs (`--emulator-url`): the address
// is checked to be a Twilio emulator before anything is sent there, so a typo or a stopped emulator is a clear
// error at start rather than a connection error on the first send.
import { ADMIN_PREFIX } from '../emulator'
import { ConfigError } from './config-error'

/** Where the address came from, as the user wrote it. */
export type EmulatorUrlSource = '--emulator-url'

const PROBE_TIMEOUT_MS = 3000

function howToGoOn(source: EmulatorUrlSource): string {
  return `Start one with npm run emulator (it prints its address), or leave out ${source} to let npm start run its own.`
}

/** The address without a trailing slash, or a ConfigError naming the flag or variable. */
export function parseEmulatorUrl(value: string, source: EmulatorUrlSource): string {
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    throw new ConfigError(`${source} must be an http URL such as http://127.0.0.1:4010 (got "${value}").`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${source} must be an http URL such as http://127.0.0.1:4010 (got "${value}").`)
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new ConfigError(
      `${source} must be the emulator's address only, such as http://127.0.0.1:4010 (got "${value}").`
    )
  }
  return url.origin
}

/** Asks `GET /__emulator/state`; resolves when a Twilio emulator answers there, else a ConfigError saying why. */
export async function probeEmulator(url: string, source: EmulatorUrlSource): Promise<void> {
  let response: Response
  try {
    response = await fetch(`${url}${ADMIN_PREFIX}/state`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) })
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name
    throw new ConfigError(`No Twilio emulator answers at ${url} (${source}): ${cause}. ${howToGoOn(source)}`)
  }
  const body = (await response.json().catch(() => undefined)) as { counters?: unknown } | undefined
  if (!response.ok || !body || typeof body !== 'object' || !('counters' in body)) {
    throw new ConfigError(
      `${url} (${source}) is not a Twilio emulator: GET ${ADMIN_PREFIX}/state answered ${response.status}. ` +
        howToGoOn(source)
    )
  }
}
