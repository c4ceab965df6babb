// The mapping outlives the page (issue 14, section 2): it survives a reload (localStorage, never the secret), is
// exported as JSON that `npm run send` runs as it is and that is the mapping object a Segment subscription stores,
// and is imported from such a file or from the dev server's request body.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DEMO_CREDENTIALS } from '../src/emulator'
import { sampleRequestBody, settingsFor } from '../src/server/samples'
import { runSend } from '../src/server/send'
import { expectText, focused, openPage, useTesterPage } from './tester-page-harness'

jest.setTimeout(120_000)

const harness = useTesterPage()
const SECRET = 'typed-secret-0123456789abcdef'

test('the mapping and the event survive a reload; the secret is never stored', async () => {
  const { page, problems } = await openPage(harness, { width: 1280, height: 800 })
  await page.fill('#s-apiKeySecret', SECRET)
  await page.click('#use-sample-mapping')
  await page.fill('#f-inlineBody', 'Kept across reloads, {{first_name}}')
  await page.selectOption('#sample-select', { label: 'Identify with phone traits' })
  await page.waitForFunction(() => (localStorage.getItem('twilio-messaging-tester:v1') ?? '').includes('Kept across'))
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }))
  expect(stored).not.toContain(SECRET)
  expect(stored).not.toContain(DEMO_CREDENTIALS.apiKeySecret)

  await page.reload()
  await page.waitForSelector('body[data-ready="true"]')
  expect(await page.inputValue('#f-inlineBody')).toBe('Kept across reloads, {{first_name}}')
  expect(await page.inputValue('#f-fromPhoneNumber')).toBe('+14155550100')
  expect(await page.inputValue('#m-toPhoneNumber')).toBe('path')
  expect(await page.inputValue('#f-toPhoneNumber')).toBe('$.context.traits.phone')
  expect(JSON.parse(await page.inputValue('#event-json'))).toMatchObject({ type: 'identify' })
  // The typed secret is gone (only the emulator's public demo secret is prefilled).
  expect(await page.inputValue('#s-apiKeySecret')).toBe(DEMO_CREDENTIALS.apiKeySecret)
  expect(problems).toEqual([])
  await page.close()
})

test('Export writes the mapping that npm run send runs as it is; Import reads it back, or a request body', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tester-mapping-'))
  const { page, problems } = await openPage(harness, { width: 1280, height: 800 })
  await page.click('#use-sample-mapping')
  await page.selectOption('#m-validityPeriod', 'fixed')
  await page.fill('#f-validityPeriod', '600')
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-mapping')])
  expect(download.suggestedFilename()).toBe('sendMessage-mapping.json')
  const file = path.join(dir, 'mapping.json')
  await download.saveAs(file)
  const exported = JSON.parse(readFileSync(file, 'utf8'))
  expect(exported).toEqual({
    channel: 'SMS',
    senderType: 'Phone number',
    contentTemplateType: 'Inline',
    toPhoneNumber: { '@path': '$.context.traits.phone' },
    fromPhoneNumber: '+14155550100',
    inlineBody: 'Hi {{first_name}}, your order {{properties.order_id}} has shipped!',
    validityPeriod: 600,
    // The sample mapping asks the emulator for status callbacks (its own loopback receiver).
    statusCallback: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/callbacks$/),
    // Fields the sample does not name keep their defaults, as the dev server runs it.
    enable_batching: false,
    batch_size: 100
  })
  await expectText(page, '#mapping-file-status', /Exported sendMessage-mapping\.json/)
  // That callback address is this machine's: said, since Twilio could not call it for a Segment subscription.
  await expectText(
    page,
    '#mapping-file-status',
    /Status Callback URL http:\/\/127\.0\.0\.1:\d+\/callbacks is this dev server/
  )
  expect(await focused(page)).toBe('button#export-mapping')

  // npm run send takes the file as it is (its own emulator, offline).
  const eventFile = path.join(dir, 'event.json')
  writeFileSync(eventFile, JSON.stringify(sampleRequestBody(settingsFor(DEMO_CREDENTIALS)).payload))
  const outcome = await runSend({ event: eventFile, mapping: file, live: false, action: 'sendMessage', json: true })
  expect(outcome.exitCode).toBe(0)
  const sent = JSON.stringify(outcome.result)
  expect(sent).toContain('201')
  expect(sent).toContain('ValidityPeriod=600')

  // Import: a fresh page takes the exported file back.
  const fresh = await openPage(harness, { width: 420, height: 900 })
  await fresh.page.setInputFiles('#import-file', file)
  await expectText(fresh.page, '#mapping-file-status', /Imported 10 fields from mapping\.json/)
  expect(await fresh.page.inputValue('#f-validityPeriod')).toBe('600')
  expect(await fresh.page.inputValue('#f-toPhoneNumber')).toBe('$.context.traits.phone')

  // The dev server's request body (as the printed curl sends it): its mapping is read.
  const body = path.join(dir, 'request.json')
  writeFileSync(
    body,
    JSON.stringify({
      ...sampleRequestBody(settingsFor(DEMO_CREDENTIALS)),
      mapping: { ...exported, inlineBody: 'From curl' }
    })
  )
  await fresh.page.setInputFiles('#import-file', body)
  await expectText(fresh.page, '#mapping-file-status', /Imported 10 fields from request\.json/)
  expect(await fresh.page.inputValue('#f-inlineBody')).toBe('From curl')

  // A file that is not a mapping of this action: refused, with the field names, and nothing changes.
  const wrong = path.join(dir, 'wrong.json')
  writeFileSync(wrong, JSON.stringify({ to: '+14155552671', body: 'hi' }))
  await fresh.page.setInputFiles('#import-file', wrong)
  await expectText(
    fresh.page,
    '#mapping-file-status',
    /✗ wrong\.json was not imported\. Not fields of this action: to, body\. Rename or remove them; its fields are channel, /
  )
  expect(await fresh.page.inputValue('#f-inlineBody')).toBe('From curl')
  const broken = path.join(dir, 'broken.json')
  writeFileSync(broken, '{ "channel": ')
  await fresh.page.setInputFiles('#import-file', broken)
  await expectText(fresh.page, '#mapping-file-status', /✗ broken\.json was not imported\. The file is not JSON/)
  expect(fresh.problems).toEqual([])
  expect(problems).toEqual([])
  await fresh.page.close()
  await page.close()
})
