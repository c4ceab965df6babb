// `npm run send`: its flags, one event against a fresh emulator, a failing event, a settings file, and bad files
// (the process exits 2). Paths, JSON error positions and batch summaries: send-cli.test.ts.
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DEMO_CREDENTIALS } from '../../src/emulator'
import { parseSendArgs, runSend } from '../../src/server/send'
import { sampleEvent, sampleMapping } from '../../src/server/samples'
import { twilioMessagingVariables } from '../helpers/no-env'
import { basicToken, collect, runScript, waitForExit } from './cli-process'

/** The TWILIO_MESSAGING_* variables before anything ran: nothing may set or change one. */
const variablesBefore = twilioMessagingVariables()

jest.setTimeout(60000)

describe('npm run send', () => {
  let dir: string
  const file = (name: string, value: unknown) => {
    const target = path.join(dir, name)
    writeFileSync(target, JSON.stringify(value))
    return target
  }
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'send-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('parses the flags', () => {
    expect(parseSendArgs(['--event', 'e.json', '--mapping', 'm.json'])).toMatchObject({
      event: 'e.json',
      mapping: 'm.json',
      live: false,
      action: 'sendMessage'
    })
    expect(() => parseSendArgs(['--event', 'e.json'])).toThrow(/mapping/)
  })

  it('runs one event against a fresh emulator and prints the exchange, redacted', async () => {
    const outcome = await runSend({
      event: file('event.json', sampleEvent()),
      mapping: file('mapping.json', sampleMapping()),
      live: false,
      action: 'sendMessage',
      json: false
    })
    expect(outcome.exitCode).toBe(0)
    expect(outcome.output).toMatch(/> POST http:\/\/127\.0\.0\.1:\d+\/2010-04-01\/Accounts\/AC\w+\/Messages\.json/)
    expect(outcome.output).toContain('authorization: <redacted>')
    expect(outcome.output).toContain('< 201 Created')
    expect(outcome.output).toContain('Hi Ada, your order A-1001 has shipped!')
    expect(outcome.output).not.toContain(DEMO_CREDENTIALS.apiKeySecret)
    expect(outcome.output).not.toContain(basicToken)
    // The emulator is reached through the destination runSend makes (target.definition), not the environment.
    expect(twilioMessagingVariables()).toEqual(variablesBefore)
  })

  it('a failing event exits 1 with the error code and message', async () => {
    const event = sampleEvent()
    ;(event.context as { traits: { phone: string } }).traits.phone = '+15005550001'
    const outcome = await runSend({
      event: file('bad.json', event),
      mapping: file('mapping.json', sampleMapping()),
      live: false,
      action: 'sendMessage',
      json: true
    })
    expect(outcome.exitCode).toBe(1)
    expect(JSON.parse(outcome.output)[0]).toMatchObject({ code: 'TWILIO_21211', statusCode: 400, requestError: true })
  })

  it('a settings file with other credentials is accepted by the emulator it starts, and its secret is redacted', async () => {
    const settings = {
      accountSID: 'AC' + 'e'.repeat(32),
      apiKeySID: 'SK' + 'f'.repeat(32),
      apiKeySecret: 'file-secret-1234'
    }
    const outcome = await runSend({
      event: file('event.json', sampleEvent()),
      mapping: file('mapping.json', sampleMapping()),
      settings: file('settings.json', settings),
      live: false,
      action: 'sendMessage',
      json: false
    })
    expect(outcome.exitCode).toBe(0)
    expect(outcome.output).toContain(settings.accountSID)
    expect(outcome.output).not.toContain('file-secret-1234')
  })

  it('bad files and unknown actions are clear errors (exit 2 from the process)', async () => {
    const base = { mapping: file('mapping.json', sampleMapping()), live: false, action: 'sendMessage', json: false }
    await expect(runSend({ ...base, event: path.join(dir, 'missing.json') })).rejects.toThrow(
      /The event file .*missing\.json does not exist/
    )
    writeFileSync(path.join(dir, 'broken.json'), '{not json')
    await expect(runSend({ ...base, event: path.join(dir, 'broken.json') })).rejects.toThrow(/not valid JSON/)
    await expect(runSend({ ...base, event: file('event.json', sampleEvent()), action: 'nope' })).rejects.toThrow(
      /Unknown action 'nope'/
    )
    const child = runScript('src/server/send.ts', [
      '--event',
      path.join(dir, 'missing.json'),
      '--mapping',
      base.mapping
    ])
    const out = collect(child)
    expect((await waitForExit(child)).code).toBe(2)
    expect(out.stderr).toContain(`The event file ${path.join(dir, 'missing.json')} does not exist`)
  })
})
