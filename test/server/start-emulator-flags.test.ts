// npm start's flags for the emulator it runs (issue 21): --time-scale reaches the emulator, and the banner confirms
// --numbers and --time-scale under the emulator's address.
import { parseStartArgs, start } from '../../src/server/start'

jest.setTimeout(60_000)

test('--numbers and --time-scale: the emulator gets them, and the banner says so', async () => {
  const options = parseStartArgs(['--port', '0', '--numbers', '25', '--time-scale', '60'], {})
  expect(options).toMatchObject({ numbers: 25, timeScale: 60 })
  const started = await start(options, () => undefined)
  try {
    expect(started.banner).toMatch(/\(seeded with 25 extra numbers; message lifecycles 60 times faster\)/)
    const lifecycle = await fetch(`${started.target.emulatorUrl}/__emulator/lifecycle`)
    expect(await lifecycle.json()).toMatchObject({ timeScale: 60 })
  } finally {
    await started.stop()
  }
})

test('--time-scale is refused with its name when it is not a positive number, or with an emulator npm start does not run', () => {
  expect(() => parseStartArgs(['--time-scale', '0'], {})).toThrow(
    '--time-scale must be a number above 0 and at most 1000000 (got "0").'
  )
  expect(() => parseStartArgs([], { EMULATOR_TIME_SCALE: 'fast' })).toThrow(/^EMULATOR_TIME_SCALE must be a number/)
  expect(() => parseStartArgs(['--emulator-url', 'http://127.0.0.1:4010', '--time-scale', '60'], {})).toThrow(
    /--time-scale configures the emulator npm start runs/
  )
})
