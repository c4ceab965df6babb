// `npm start` with an emulator the user already runs, seeding options for its own, a busy emulator port, and the
// printed curl that sends a fresh messageId at each paste.
import { execFile } from 'node:child_process'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import destination from '../../src/destinations/twilio-messaging'
import { startEmulator, type RunningEmulator } from '../../src/emulator'
import { ConfigError } from '../../src/server/config'
import { parseStartArgs, start, type Started } from '../../src/server/start'
import { twilioMessagingVariables } from '../helpers/no-env'

/** The TWILIO_MESSAGING_* variables before anything ran: nothing may set or change one. */
const variablesBefore = twilioMessagingVariables()

jest.setTimeout(30000)

const quiet = () => undefined
/** The variable older versions read to use an emulator the user runs; npm start reads only --emulator-url now. */
const OLD_BASE_URL = 'TWILIO_MESSAGING_BASE_URL'

describe('start flags', () => {
  it('--emulator-url names an emulator the user runs; TWILIO_MESSAGING_BASE_URL is ignored', () => {
    expect(parseStartArgs(['--emulator-url', 'http://127.0.0.1:4010/'], {})).toMatchObject({
      emulatorUrl: 'http://127.0.0.1:4010',
      emulatorUrlSource: '--emulator-url'
    })
    // The old variable names no emulator: npm start runs its own, whatever the variable holds.
    for (const value of ['http://127.0.0.1:4011', 'not a url']) {
      const options = parseStartArgs([], { [OLD_BASE_URL]: value })
      expect(options.emulatorUrl).toBeUndefined()
      expect(options.emulatorUrlSource).toBeUndefined()
    }
    expect(
      parseStartArgs(['--emulator-url', 'http://127.0.0.1:4012'], { [OLD_BASE_URL]: 'http://127.0.0.1:4011' })
    ).toMatchObject({ emulatorUrl: 'http://127.0.0.1:4012', emulatorUrlSource: '--emulator-url' })
    // Nor does it stand in the way of the flags that configure npm start's own emulator, or of --live.
    const own = parseStartArgs(['--emulator-port', '4020', '--numbers=5'], { [OLD_BASE_URL]: 'http://127.0.0.1:4010' })
    expect(own).toMatchObject({ emulatorPort: 4020, numbers: 5 })
    expect(own.emulatorUrl).toBeUndefined()
    const live = parseStartArgs(['--live'], { [OLD_BASE_URL]: 'http://127.0.0.1:4011' })
    expect(live.live).toBe(true)
    expect(live.emulatorUrl).toBeUndefined()
    expect(parseStartArgs([], {}).emulatorUrl).toBeUndefined()
  })

  it('--numbers (or EMULATOR_NUMBERS) seeds the emulator npm start runs', () => {
    expect(parseStartArgs(['--numbers', '5000'], {}).numbers).toBe(5000)
    expect(parseStartArgs([], { EMULATOR_NUMBERS: '20' }).numbers).toBe(20)
    expect(parseStartArgs(['--numbers', '7'], { EMULATOR_NUMBERS: '20' }).numbers).toBe(7)
    expect(parseStartArgs([], {}).numbers).toBeUndefined()
  })

  it.each([
    [['--emulator-url', 'localhost:4010'], {}, '--emulator-url must be an http URL such as http://127.0.0.1:4010'],
    [['--emulator-url', 'http://127.0.0.1:4010/v1'], {}, "--emulator-url must be the emulator's address only"],
    [['--emulator-url', 'ftp://127.0.0.1:4010'], {}, '--emulator-url must be an http URL'],
    [['--numbers', 'many'], {}, '--numbers must be an integer from 0 to 1000000 (got "many").'],
    [[], { EMULATOR_NUMBERS: '-1' }, 'EMULATOR_NUMBERS must be an integer from 0 to 1000000 (got "-1").'],
    [['-p', 'abc'], {}, '-p must be an integer from 0 to 65535.'],
    [['--port=abc'], {}, '--port must be an integer from 0 to 65535.'],
    [
      ['--live', '--emulator-url', 'http://127.0.0.1:4010'],
      {},
      '--live sends to real Twilio: leave out --emulator-url.'
    ],
    [
      ['--emulator-url', 'http://127.0.0.1:4010', '--numbers', '5'],
      {},
      '--numbers configures the emulator npm start runs, but --emulator-url names one you already run'
    ],
    [
      ['--emulator-port', '4020', '--numbers=5', '--emulator-url', 'http://127.0.0.1:4010'],
      {},
      '--emulator-port and --numbers configure the emulator npm start runs, but --emulator-url names one ' +
        'you already run: leave out --emulator-port and --numbers or --emulator-url.'
    ]
  ])('%j %j is refused naming the flag or variable as typed', (argv, env, message) => {
    let thrown: unknown
    try {
      parseStartArgs(argv as string[], env)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(ConfigError)
    expect((thrown as Error).message).toContain(message)
  })
})

describe('npm start with an emulator the user already runs', () => {
  let emulator: RunningEmulator

  beforeEach(async () => {
    emulator = await startEmulator({ port: 0 })
  })
  afterEach(async () => {
    await emulator.close()
  })

  it('sends there, starts no emulator of its own, says so in the banner, and leaves it running on stop', async () => {
    const started = await start(
      { port: 0, live: false, emulatorUrl: emulator.url, emulatorUrlSource: '--emulator-url' },
      quiet
    )
    try {
      expect(started.target).toMatchObject({ mode: 'emulator', emulatorUrl: emulator.url, externalEmulator: true })
      expect(started.target.emulator).toBeUndefined()
      // The destination it serves is pointed at that emulator (target.definition), not the environment.
      expect(started.target.definition).not.toBe(destination)
      expect(twilioMessagingVariables()).toEqual(variablesBefore)
      expect(started.banner).toContain(`Twilio emulator  ${emulator.url}`)
      expect(started.banner).toContain('the emulator you run: npm start neither resets nor stops it')
      const answer = await postSample(started)
      expect(answer[0].response.statusCode).toBe(201)
      expect(emulator.state.messages.map((message) => message.sid)).toEqual([answer[0].response.body.sid])
      // The tester page's outbox reads the same emulator.
      const outbox = (await (await fetch(`${started.devServer.url}/tester/outbox`)).json()) as {
        messages: Array<{ sid: string }>
      }
      expect(outbox.messages.map((message) => message.sid)).toEqual([answer[0].response.body.sid])
    } finally {
      await started.stop()
    }
    const state = await fetch(`${emulator.url}/__emulator/state`)
    expect(state.status).toBe(200)
  })

  it('TWILIO_MESSAGING_BASE_URL naming it is ignored: npm start runs and sends to its own emulator', async () => {
    const saved = process.env[OLD_BASE_URL]
    process.env[OLD_BASE_URL] = emulator.url
    let started: Started | undefined
    try {
      // As npm start reads its arguments: the flags, and the process environment.
      started = await start(parseStartArgs(['--port', '0']), quiet)
      const own = started.target.emulator!
      expect(own.url).not.toBe(emulator.url)
      expect(started.target).toMatchObject({ mode: 'emulator', emulatorUrl: own.url })
      expect(started.target.externalEmulator).toBeUndefined()
      const answer = await postSample(started)
      expect(answer[0].response.statusCode).toBe(201)
      expect(own.state.messages.map((message) => message.sid)).toEqual([answer[0].response.body.sid])
      expect(emulator.state.messages).toEqual([])
      expect(emulator.state.counters.requests).toBe(0)
    } finally {
      await started?.stop()
      if (saved === undefined) delete process.env[OLD_BASE_URL]
      else process.env[OLD_BASE_URL] = saved
    }
  })

  it('nothing answering at the address is a clear error naming where the address came from', async () => {
    const closed = await startEmulator({ port: 0 })
    const url = closed.url
    await closed.close()
    await expect(
      start({ port: 0, live: false, emulatorUrl: url, emulatorUrlSource: '--emulator-url' }, quiet)
    ).rejects.toThrow(
      new RegExp(
        `^No Twilio emulator answers at ${url.replace(/\./g, '\\.')} \\(--emulator-url\\): ECONNREFUSED\\. ` +
          'Start one with npm run emulator .*, or leave out --emulator-url to let npm start run its own\\.$'
      )
    )
  })

  it('an address where something else answers is refused before any event is sent there', async () => {
    const other = http.createServer((_req, res) => res.writeHead(404).end('not here'))
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`
    try {
      await expect(
        start({ port: 0, live: false, emulatorUrl: url, emulatorUrlSource: '--emulator-url' }, quiet)
      ).rejects.toThrow(`${url} (--emulator-url) is not a Twilio emulator: GET /__emulator/state answered 404.`)
    } finally {
      await new Promise((resolve) => other.close(resolve))
    }
  })
})

describe('the emulator npm start runs', () => {
  it('--numbers seeds it with that many extra numbers', async () => {
    const plain = await start({ port: 0, live: false }, quiet)
    const demoNumbers = plain.target.emulator!.account.phoneNumbers.length
    await plain.stop()
    const started = await start({ port: 0, live: false, numbers: 2500 }, quiet)
    try {
      expect(started.target.emulator!.account.phoneNumbers).toHaveLength(demoNumbers + 2500)
    } finally {
      await started.stop()
    }
  })

  it('a busy --emulator-port gets the friendly message, naming the way out', async () => {
    const busy = await startEmulator({ port: 0 })
    try {
      await expect(start({ port: 0, live: false, emulatorPort: busy.port }, quiet)).rejects.toThrow(
        `Emulator port ${busy.port} is already in use: pass another --emulator-port (0 = any free port), or ` +
          `--emulator-url http://127.0.0.1:${busy.port} if a Twilio emulator already runs there.`
      )
    } finally {
      await busy.close()
    }
  })
})

describe('the printed curl', () => {
  it('sends a fresh messageId at each paste: two pastes are two messages, not a duplicate-protection answer', async () => {
    const started = await start({ port: 0, live: false }, quiet)
    try {
      expect(started.banner).toContain('each paste sends a fresh messageId')
      const curl = started.banner.split('\n').find((line) => line.startsWith('curl '))!
      const first = JSON.parse(await bash(curl))
      // A second apart at least, as two pastes by a person are; $RANDOM differs as well.
      await new Promise((resolve) => setTimeout(resolve, 1100))
      const second = JSON.parse(await bash(curl))
      expect(first[0].response.statusCode).toBe(201)
      expect(second[0].response.statusCode).toBe(201)
      expect(second[0].noRequest).toBeUndefined()
      const messages = started.target.emulator!.state.messages
      expect(messages).toHaveLength(2)
      expect(messages[0].sid).not.toBe(messages[1].sid)
      // What the shell made of it: the body curl sent carries a messageId that differs between the pastes.
      const ids = await Promise.all([echoData(curl), echoData(curl)])
      for (const id of ids) expect(id).toMatch(/^curl-sample-\d{10}-\d+$/)
      expect(ids[0]).not.toBe(ids[1])
    } finally {
      await started.stop()
    }
  })
})

async function postSample(
  started: Started
): Promise<Array<{ response: { statusCode: number; body: { sid: string } } }>> {
  const curl = started.banner.split('\n').find((line) => line.startsWith('curl '))!
  return JSON.parse(await bash(curl))
}

function bash(script: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('bash', ['-c', script], { timeout: 15000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)
    )
  )
}

/** Runs the curl line with `curl` replaced by a function that prints the messageId of its --data, as bash expands it. */
async function echoData(curl: string): Promise<string> {
  const body = await bash(
    `curl() { while [ $# -gt 0 ]; do if [ "$1" = --data ]; then printf '%s' "$2"; fi; shift; done; }\n${curl}`
  )
  return (JSON.parse(body) as { payload: { messageId: string } }).payload.messageId
}
