// A mapping with keys that are not fields of the action (issue 21): POST /sendMessage and `npm run send` refuse it
// before any request, in the words the tester page shows for the same file (POST /tester/mapping-check), instead
// of ignoring the keys and answering with schema text. `npm run send` also names a mistyped flag.
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { main, runSend } from '../../src/server/send'
import { sampleEvent, sampleMapping } from '../../src/server/samples'
import { settings, useDevServer } from './app-harness'

jest.setTimeout(60_000)

const server = useDevServer()
const dir = path.join(__dirname, '..', '..', 'test-output', 'unknown-mapping-keys')
const { inlineBody, ...rest } = sampleMapping()
const mapping = { ...rest, inlinebody: inlineBody, toPhone: '+14155552671' }
const expected =
  'Not fields of this action: inlinebody (did you mean inlineBody?), toPhone. Rename or remove them; its fields are ' +
  'channel, senderType, contentTemplateType, toPhoneNumber, toMessengerUserId, fromPhoneNumber, fromFacebookPageId, ' +
  'messagingServiceSid, contentSid, contentVariables, inlineBody, inlineMediaUrls, validityPeriod, sendAt, ' +
  'quietHours, quietHoursWindow, quietHoursStart, quietHoursEnd, recipientTimeZone, fallbackTimeZone, ' +
  'quietHoursAction, tags, statusCallback, defaultCountry, messageId, enable_batching, batch_size.'

test('POST /sendMessage refuses unknown mapping keys in words, before any request; the page’s check says the same', async () => {
  const before = server.twilio.messages.length
  const answer = await server.call('/sendMessage', {
    json: { payload: sampleEvent(), settings, mapping }
  })
  expect(answer.status).toBe(400)
  expect(answer.body).toEqual({ error: expected })
  expect(server.twilio.messages.length).toBe(before)
  const checked = await server.call('/tester/mapping-check/sendMessage', { json: { mapping } })
  expect(checked.body).toEqual({ ok: false, error: expected })
  const fine = await server.call('/tester/mapping-check/sendMessage', { json: { mapping: sampleMapping() } })
  expect(fine.body).toEqual({ ok: true })
})

test('npm run send refuses the same file with the same words (exit 2), before starting to send', async () => {
  mkdirSync(dir, { recursive: true })
  const mappingFile = path.join(dir, 'mapping.json')
  const eventFile = path.join(dir, 'event.json')
  writeFileSync(mappingFile, JSON.stringify(mapping))
  writeFileSync(eventFile, JSON.stringify(sampleEvent()))
  await expect(
    runSend({ event: eventFile, mapping: mappingFile, live: false, action: 'sendMessage', json: false })
  ).rejects.toThrow(expected)
})

test('npm run send names a mistyped flag and its likely spelling; --help ends with an example', async () => {
  const written: string[] = []
  const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    written.push(String(chunk))
    return true
  })
  const out: string[] = []
  const print = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk))
    return true
  })
  try {
    expect(await main(['--evnt', 'event.json', '--mapping', 'mapping.json'])).toBe(2)
    expect(await main(['--help'])).toBe(0)
  } finally {
    write.mockRestore()
    print.mockRestore()
  }
  expect(written.join('')).toMatch(/unknown option '--evnt'/)
  expect(written.join('')).toMatch(/Did you mean --event\?/)
  expect(written.join('')).not.toMatch(/required option/)
  expect(out.join('')).toMatch(/Example:\n\s+npm run send -- --event event\.json --mapping mapping\.json/)
})
