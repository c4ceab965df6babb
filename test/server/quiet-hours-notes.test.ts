// What quiet hours decided, in the dev server's answer and log and in `npm run send`'s output (issue 18): a note
// entry after the exchanges, per event of a batch, only when quiet hours are on.
/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read untyped JSON answers */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runSend } from '../../src/server/send'
import { sampleEvent, sampleMapping } from '../../src/server/samples'
import { settings, useDevServer } from './app-harness'

jest.setTimeout(60_000)

const app = useDevServer()

/** `HH:MM` in UTC, `hours` from now. */
const utcClock = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString().slice(11, 16)

/** Allowed from an hour ago to an hour ahead, in each recipient's own time: now in UTC, not 14 hours ahead. */
const quietMapping = () => ({
  ...sampleMapping(),
  senderType: 'Messaging Service',
  messagingServiceSid: `MG${'0'.repeat(32)}`,
  quietHours: true,
  quietHoursWindow: 'Custom',
  quietHoursStart: utcClock(-1),
  quietHoursEnd: utcClock(1)
})

const eventIn = (timezone: string) => {
  const event = sampleEvent()
  return { ...event, messageId: `${event.messageId}-${timezone}`, context: { ...(event.context as object), timezone } }
}

describe('POST /sendMessage with quiet hours on', () => {
  it('one event: the exchange, then what quiet hours did; logged too', async () => {
    const { status, body } = await app.call('/sendMessage', {
      json: { payload: eventIn('UTC'), settings, mapping: quietMapping() }
    })
    expect(status).toBe(200)
    expect(body).toHaveLength(2)
    expect(body[0].response.statusCode).toBe(201)
    expect(body[1]).toEqual({
      note: true,
      message: expect.stringMatching(/^Quiet Hours: sent at once, \d\d:\d\d UTC, inside the allowed hours .*\.$/)
    })
    expect(app.logs.some((line) => line.includes('Quiet Hours: sent at once'))).toBe(true)
  })

  it('a batch: a note per event, with its index, each decided on its own zone', async () => {
    const { body } = await app.call('/sendMessage', {
      json: { payload: [eventIn('UTC'), eventIn('Pacific/Kiritimati')], settings, mapping: quietMapping() }
    })
    const notes = body.filter((item: any) => item.note)
    expect(notes).toEqual([
      { note: true, eventIndex: 0, message: expect.stringMatching(/^Quiet Hours: sent at once, /) },
      {
        note: true,
        eventIndex: 1,
        message: expect.stringMatching(
          /^Quiet Hours: scheduled for \S+Z, \d\d:\d\d Pacific\/Kiritimati, quiet hours\.$/
        )
      }
    ])
    const posted = body.filter((item: any) => item.request).map((item: any) => new URLSearchParams(item.request.body))
    expect(posted.map((form: URLSearchParams) => form.has('SendAt')).sort()).toEqual([false, true])
  })

  it('quiet hours off: no note, the answer as before', async () => {
    const { body } = await app.call('/sendMessage', {
      json: { payload: eventIn('UTC'), settings, mapping: sampleMapping() }
    })
    expect(body).toHaveLength(1)
    expect(body[0].request).toBeDefined()
  })
})

describe('npm run send', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'send-quiet-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('prints what quiet hours did after the exchange', async () => {
    const file = (name: string, value: unknown) => {
      writeFileSync(path.join(dir, name), JSON.stringify(value))
      return path.join(dir, name)
    }
    const mapping = { ...quietMapping(), messagingServiceSid: undefined, senderType: 'Phone number' }
    const outcome = await runSend({
      event: file('event.json', eventIn('UTC')),
      mapping: file('mapping.json', mapping),
      live: false,
      action: 'sendMessage',
      json: false
    })
    expect(outcome.exitCode).toBe(0)
    expect(outcome.output).toMatch(
      /< 201 Created[\s\S]*\nQuiet Hours: sent at once, \d\d:\d\d UTC, inside the allowed hours/
    )
  })
})
