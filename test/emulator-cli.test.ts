import { DEFAULT_CLI_PORT, banner, parseCliOptions } from '../src/emulator/cli'
import { startEmulator } from '../src/emulator/server'

describe('emulator CLI options', () => {
  it('has defaults', () => {
    expect(parseCliOptions([], {})).toEqual({
      port: DEFAULT_CLI_PORT,
      seed: { extraPhoneNumbers: 0 },
      faults: { latencyMs: 0, latencyJitterMs: 0, rate429: 0, rate5xx: 0, rateDrop: 0, seed: 1, concurrencyLimit: 0 },
      timeScale: 1,
      stepMs: 1000,
      callbacks: { anyHost: false }
    })
  })

  it('reads flags', () => {
    const options = parseCliOptions(
      [
        '--port',
        '0',
        '--latency',
        '25',
        '--jitter',
        '5',
        '--rate-429',
        '0.1',
        '--rate-5xx',
        '0.05',
        '--rate-drop',
        '0.01',
        '--seed',
        '7',
        '--numbers',
        '5000',
        '--time-scale',
        '60',
        '--step-ms',
        '250',
        '--callbacks-any-host',
        '--concurrency-limit',
        '100'
      ],
      {}
    )
    expect(options).toEqual({
      port: 0,
      seed: { extraPhoneNumbers: 5000 },
      faults: {
        latencyMs: 25,
        latencyJitterMs: 5,
        rate429: 0.1,
        rate5xx: 0.05,
        rateDrop: 0.01,
        seed: 7,
        concurrencyLimit: 100
      },
      timeScale: 60,
      stepMs: 250,
      callbacks: { anyHost: true }
    })
  })

  it('reads the environment, flags winning', () => {
    const env = { EMULATOR_PORT: '4999', EMULATOR_LATENCY_MS: '10', EMULATOR_RATE_429: '0.5', EMULATOR_NUMBERS: '3' }
    const options = parseCliOptions(['--latency', '20'], { ...env, EMULATOR_TIME_SCALE: '600' })
    expect(options.timeScale).toBe(600)
    expect(options.port).toBe(4999)
    expect(options.faults).toMatchObject({ latencyMs: 20, rate429: 0.5 })
    expect(options.seed).toEqual({ extraPhoneNumbers: 3 })
  })

  it.each([
    [['--rate-429', '1.5'], {}, /rate-429 must be a number from 0 to 1/],
    [['--port', '70000'], {}, /port must be an integer/],
    [[], { EMULATOR_RATE_DROP: 'lots' }, /EMULATOR_RATE_DROP/],
    [['--time-scale', '0'], {}, /time-scale must be a number above 0/],
    [[], { EMULATOR_CALLBACKS_ANY_HOST: 'maybe' }, /EMULATOR_CALLBACKS_ANY_HOST/]
  ])('rejects %j %j', (argv, env, message) => {
    expect(() => parseCliOptions(argv as string[], env)).toThrow(message)
  })

  it('prints the URL, the demo credentials and how to point npm start at it', async () => {
    const emulator = await startEmulator()
    try {
      const text = banner(emulator)
      expect(text).toContain(emulator.url)
      expect(text).toContain(`npm start -- --emulator-url ${emulator.url}`)
      // No environment variable points the destination anywhere any more.
      expect(text).not.toContain('TWILIO_MESSAGING_')
      expect(text).not.toContain('export ')
      expect(text).toContain(emulator.credentials.apiKeySid)
      expect(text).toContain(emulator.credentials.apiKeySecret)
      // IE1's own keys and numbers (docs/emulator.md, Twilio Regions).
      expect(text).toContain(`API Key SID     ${emulator.regions.ie1.credentials.apiKeySid}`)
      expect(text).toContain('Numbers         +447700900100, +353851230100')
      expect(text).toContain('(add --region ie1 to send through IE1)')
    } finally {
      await emulator.close()
    }
  })
})
