// `npm run send` as a command-line tool: paths from where it was run, the resolved path of a missing file, line and
// column of bad JSON, each failure printed once, and a batch's summary line with 1-based event numbers.
import { spawn } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import { jsonErrorOffset, lineAndColumn, readJsonFile } from '../../src/server/json-file'
import { batchSummary, runSend } from '../../src/server/send'
import { sampleEvent, sampleMapping } from '../../src/server/samples'

jest.setTimeout(60000)

const root = path.resolve(__dirname, '../..')
let dir: string

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'send-cli-'))
  mkdirSync(path.join(dir, 'events'))
  writeFileSync(path.join(dir, 'events', 'event.json'), JSON.stringify(sampleEvent()))
  writeFileSync(path.join(dir, 'mapping.json'), JSON.stringify(sampleMapping()))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** `npm run send` as npm runs it: from the package root, with the user's directory in INIT_CWD. */
function runSendProcess(
  args: string[],
  userDir = dir
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, INIT_CWD: userDir }
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/server/send.ts', ...args], {
    cwd: root,
    env
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  child.stderr.on('data', (chunk) => (stderr += chunk))
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })))
}

const badPhoneEvent = () => {
  const event = sampleEvent()
  ;(event.context as { traits: { phone: string } }).traits.phone = '+15005550001' // Twilio's magic invalid To: 21211
  return event
}

describe('npm run send as a process', () => {
  it('reads relative paths from the directory it was run in (INIT_CWD), not the package root', async () => {
    const result = await runSendProcess(['--event', 'events/event.json', '--mapping', './mapping.json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('< 201 Created')
  })

  it('a missing file shows the path as typed and where it was looked for', async () => {
    const result = await runSendProcess(['--event', 'evnt.json', '--mapping', 'mapping.json'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(`The event file evnt.json does not exist: looked for ${path.join(dir, 'evnt.json')}.\n`)
  })

  it('bad JSON gives the line and column, and points at it', async () => {
    writeFileSync(path.join(dir, 'broken.json'), '{\n  "channel": "SMS",\n  "senderType": "Phone number"\n  "x": 1\n}')
    const result = await runSendProcess(['--event', 'events/event.json', '--mapping', 'broken.json'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      [
        `The mapping file broken.json (${path.join(dir, 'broken.json')}) is not valid JSON: line 4, column 3: ` +
          "Expected ',' or '}' after property value.",
        '    "x": 1',
        '    ^',
        ''
      ].join('\n')
    )
  })

  it('a failed event is printed once (stderr), with the exchange on stdout, exit 1', async () => {
    writeFileSync(path.join(dir, 'bad-event.json'), JSON.stringify(badPhoneEvent()))
    const result = await runSendProcess(['--event', 'bad-event.json', '--mapping', 'mapping.json'])
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('< 400 Bad Request')
    expect(result.stdout).not.toMatch(/Failed|Error:/)
    const failures = result.stderr.trim().split('\n')
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatch(/^Failed: 400 TWILIO_21211: Twilio error 21211: /)
  })

  it('a batch ends with a summary line; failures are numbered from 1', async () => {
    writeFileSync(path.join(dir, 'batch.json'), JSON.stringify([sampleEvent(), badPhoneEvent(), sampleEvent()]))
    const result = await runSendProcess(['--event', 'batch.json', '--mapping', 'mapping.json'])
    expect(result.code).toBe(1)
    expect(result.stdout.trim().split('\n').pop()).toBe('Batch of 3 events: 2 succeeded, 1 failed (event 2).')
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^Failed: event 2: 400 \w+: Twilio error 21211: /)
    ])
  })

  it('--json prints the dev server answer only: the failure is in it, not repeated on stderr', async () => {
    const result = await runSendProcess(['--event', 'bad-event.json', '--mapping', 'mapping.json', '--json'])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('')
    expect(JSON.parse(result.stdout)[0]).toMatchObject({ requestError: true, code: 'TWILIO_21211' })
  })
})

describe('runSend in process', () => {
  it('a batch of successes says so', async () => {
    const events = path.join(dir, 'two.json')
    writeFileSync(events, JSON.stringify([sampleEvent(), sampleEvent()]))
    const outcome = await runSend({
      event: events,
      mapping: path.join(dir, 'mapping.json'),
      live: false,
      action: 'sendMessage',
      json: false
    })
    expect(outcome.exitCode).toBe(0)
    expect(outcome.errors).toBe('')
    expect(outcome.output.split('\n').pop()).toBe('Batch of 2 events: 2 succeeded, 0 failed.')
  })

  it('batchSummary numbers events from 1 and counts a batch-wide failure as all', () => {
    const failure = (eventIndex?: number) => ({
      statusCode: 400,
      message: 'x',
      requestError: true as const,
      eventIndex
    })
    expect(batchSummary(5, [failure(3), failure(0)])).toBe('Batch of 5 events: 3 succeeded, 2 failed (events 1, 4).')
    expect(batchSummary(2, [failure(undefined)])).toBe('Batch of 2 events: 0 succeeded, 2 failed (all).')
    expect(batchSummary(1, [])).toBe('Batch of 1 event: 1 succeeded, 0 failed.')
  })
})

describe('JSON files', () => {
  it('a byte order mark (as some Windows editors save) is accepted', () => {
    writeFileSync(path.join(dir, 'bom.json'), '\ufeff{"a": 1}')
    expect(readJsonFile('bom.json', 'event', dir)).toEqual({ a: 1 })
  })

  it('a directory is named as such', () => {
    expect(() => readJsonFile('events', 'event', dir)).toThrow(
      `The event file events (${path.join(dir, 'events')}) is a directory; name a JSON file.`
    )
  })

  it.each([
    ['{"a": }', 1, 7],
    ['[1,2,]', 1, 6],
    ['{not json', 1, 2],
    ['{"a":1,\n "b" 2}', 2, 6],
    ['{"a":1', 1, 7],
    ['', 1, 1],
    ['{"a":"x\ny"}', 1, 8],
    ['{"a":1}}', 1, 8],
    ['{"a": 01}', 1, 8],
    ['{"a": tru}', 1, 10],
    ['{"a": "\\x"}', 1, 9],
    ["{'a': 1}", 1, 2]
  ])('%j: the error is at line %i, column %i', (text, line, column) => {
    expect(lineAndColumn(text, jsonErrorOffset(text))).toEqual({ line, column })
  })

  it('the scanner agrees with JSON.parse on what is valid, and on the position when Node gives one', () => {
    const jsonish = fc.stringOf(
      fc.constantFrom(
        '{',
        '}',
        '[',
        ']',
        '"',
        ':',
        ',',
        ' ',
        '\n',
        '1',
        '0',
        '-',
        '.',
        'e',
        'a',
        'true',
        'null',
        '\\',
        'u'
      ),
      {
        maxLength: 20
      }
    )
    const valid = fc.json()
    fc.assert(
      fc.property(fc.oneof(jsonish, valid), (text) => {
        let parsed: { ok: true } | { ok: false; position?: number }
        try {
          JSON.parse(text)
          parsed = { ok: true }
        } catch (error) {
          const match = / at position (\d+)/.exec((error as Error).message)
          parsed = { ok: false, position: match ? Number(match[1]) : undefined }
        }
        const offset = jsonErrorOffset(text)
        expect(offset === -1).toBe(parsed.ok)
        if (!parsed.ok && parsed.position !== undefined) expect(offset).toBe(parsed.position)
      }),
      { numRuns: 1000, seed: 14 }
    )
  })
})
