// The emulator on a ManualTime clock, for the message-lifecycle tests (not a test file itself): a fresh emulator per
// test, so every transition happens exactly when the test moves time, and one status-callback receiver per file.
// Call useLifecycleEmulator() once at the top of the file.
import { ManualTime } from '../../src/emulator/clock'
import { RunningEmulator, startEmulator } from '../../src/emulator/server'
import { apiPath, getJson } from '../emulator-helpers'
import { CallbackReceiver, startCallbackReceiver } from '../emulator-helpers-callbacks'

export const START = '2025-06-01T12:00:00Z'
/** Emulated milliseconds between two lifecycle transitions. */
export const STEP = 1000

// Live bindings, set by the hooks below: read them inside hooks and tests only.
export let time: ManualTime
export let emulator: RunningEmulator
export let receiver: CallbackReceiver
/** The emulator's log lines of the current test. */
export const logLines: string[] = []

export function useLifecycleEmulator(): void {
  beforeAll(async () => {
    receiver = await startCallbackReceiver()
  })

  afterAll(async () => {
    await receiver.close()
  })

  beforeEach(async () => {
    time = new ManualTime(START)
    logLines.length = 0
    receiver.received.length = 0
    receiver.answers.length = 0
    emulator = await startEmulator({ scheduler: time, stepMs: STEP, log: (line) => logLines.push(line) })
  })

  afterEach(async () => {
    await emulator.callbacksIdle()
    await emulator.close()
  })
}

/** Moves emulated time and waits for the callbacks it caused. */
export async function advance(ms: number) {
  await time.advance(ms)
  await emulator.callbacksIdle()
}

export const fetchMessage = async (sid: unknown) => (await getJson(emulator, `${apiPath()}/Messages/${sid}.json`)).body
export const statuses = (sid: unknown) => emulator.state.getMessage(String(sid))!.events.map((event) => event.status)
export const callbackStatuses = () => receiver.received.map((callback) => callback.params.MessageStatus)

/** POSTs JSON to an admin route (`/__emulator${path}`). */
export async function admin(path: string, body: unknown) {
  const response = await fetch(`${emulator.url}/__emulator${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body)
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}
