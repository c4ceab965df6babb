// The tester page before sending (issue 14, section 2): a Content Template's preview with the variables that fall
// back to the template's defaults called out, and Send At as a date-time picker in the browser's time zone, sent
// as UTC, with the Messaging Service rule said where a phone-number sender hides the field.
import type { Page } from 'playwright-core'
import { DEMO_CREDENTIALS } from '../src/emulator'
import { expectText, openPage, pick, rowValue, useTesterPage } from './tester-page-harness'

jest.setTimeout(120_000)

const harness = useTesterPage()

/** WhatsApp through the demo Messaging Service, with the order_confirmation template (`Hi {{1}}, {{2}} is confirmed.`). */
async function chooseTemplate(page: Page): Promise<void> {
  await pick(page, '#f-channel', 'WhatsApp')
  await pick(page, '#f-senderType', 'Messaging Service')
  await pick(page, '#f-messagingServiceSid', /^WhatsApp notifications \[MG/)
  await pick(page, '#f-contentTemplateType', 'Text')
  await pick(page, '#f-contentSid', /^order_confirmation/)
}

test('a template preview before sending: mapped variables filled from the event, the others called out with their defaults', async () => {
  const { page, problems } = await openPage(harness, { width: 1280, height: 800 })
  await chooseTemplate(page)
  // Nothing mapped yet: both variables fall back to the template's defaults.
  await expectText(page, '#template-preview', /Preview: order_confirmation/)
  expect(await page.locator('#template-preview .preview-body').innerText()).toBe(
    'Hi Customer, your order is confirmed. Reply STOP to opt out.'
  )
  const notes = () => page.locator('#template-preview .preview-notes li').allInnerTexts()
  expect(await notes()).toEqual([
    '{{1}} is not mapped: Twilio will send "Customer".',
    '{{2}} is not mapped: Twilio will send "your order".'
  ])

  // {{1}} from the event; {{2}} from a property this event lacks: flagged, and the default is what Twilio sends.
  await page.getByRole('button', { name: 'Add Content Variables pair' }).click()
  await pick(page, '#f-contentVariables-k1', '1')
  await page.getByLabel('Content Variables value 1: how to map').selectOption('path')
  await page.getByLabel('Content Variables value 1', { exact: true }).fill('$.properties.first_name')
  await page.getByRole('button', { name: 'Add Content Variables pair' }).click()
  await pick(page, '#f-contentVariables-k2', '2')
  await page.getByLabel('Content Variables value 2: how to map').selectOption('template')
  await page.getByLabel('Content Variables value 2', { exact: true }).fill('order {{properties.order_number}}')
  await expectText(page, '#template-preview .preview-body', /^Hi Ada, order {2}is confirmed/)
  await expectText(
    page,
    '#r-contentVariables',
    /\{\{properties\.order_number\}\} is not in this event: it becomes empty\./
  )
  // A template with text around the missing property is not empty: Twilio gets "order ", not the default.
  expect(await notes()).toEqual([])
  await page.getByLabel('Content Variables value 2', { exact: true }).fill('{{properties.order_number}}')
  await expectText(
    page,
    '#template-preview .preview-notes',
    /\{\{2\}\} finds nothing in this event: Twilio will send "your order"\./
  )
  expect(await page.locator('#template-preview .preview-body').innerText()).toBe(
    'Hi Ada, your order is confirmed. Reply STOP to opt out.'
  )

  // Sent (To from the default mapping): the emulator renders the same text.
  await page.click('#send-event')
  await expectText(page, '#send-status', /Twilio answered 201 Created/)
  await page.locator('#outbox .outbox-item').first().waitFor()
  expect(await page.locator('#outbox .outbox-item').first().innerText()).toContain(
    'Hi Ada, your order is confirmed. Reply STOP to opt out.'
  )
  // Inline again: no preview.
  await pick(page, '#f-contentTemplateType', 'Inline')
  await page.waitForFunction(() => (document.querySelector('#template-preview') as HTMLElement).hidden)
  expect(problems).toEqual([])
  await page.close()
})

test('Send At: a picker in the browser time zone, converted to UTC, refused outside Twilio’s window, and the Messaging Service rule said', async () => {
  harness.emulator.reset()
  const { page, problems } = await openPage(harness, { width: 1280, height: 800 }, { timezoneId: 'Asia/Tokyo' })
  // A phone-number sender hides Send At, and the page says why in its place.
  expect(await page.inputValue('#f-senderType')).toBe('Phone number')
  expect(await page.isHidden('#field-sendAt')).toBe(true)
  expect(await page.textContent('#hint-sendAt')).toBe(
    'Send At (scheduling) needs Sender Type "Messaging Service": Twilio does not schedule messages from a phone number alone.'
  )
  expect(await page.isVisible('#hint-sendAt')).toBe(true)

  await page.click('#use-sample-mapping')
  await pick(page, '#f-senderType', 'Messaging Service')
  await pick(page, '#f-messagingServiceSid', /^Marketing/)
  await page.waitForSelector('#field-sendAt:not([hidden])')
  expect(await page.isHidden('#hint-sendAt')).toBe(true)
  expect(await page.getAttribute('#f-sendAt', 'type')).toBe('datetime-local')
  await expectText(
    page,
    '#tz-sendAt',
    /^Time zone: Asia\/Tokyo \(UTC\+09:00\)\. Needs a Messaging Service sender; Twilio accepts 15 minutes to 35 days ahead\.$/
  )

  // Two days ahead at 09:30 Tokyo time is 00:30 UTC the same day.
  const day = new Date(Date.now() + 2 * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Asia/Tokyo' })
  await page.fill('#f-sendAt', `${day}T09:30`)
  const utc = `${day}T00:30:00Z`
  await expectText(page, '#tz-sendAt', new RegExp(`Sent as ${utc} \\(UTC\\)\\.`))
  await page.click('#send-event')
  await expectText(page, '#send-status', /Twilio answered 201 Created/)
  const form = page.locator('table.kv', { has: page.locator('caption', { hasText: 'Form parameters' }) })
  await expect(rowValue(form, 'SendAt')).resolves.toBe(utc)
  await expect(rowValue(form, 'ScheduleType')).resolves.toBe('fixed')

  // Five minutes ahead: Twilio's window starts at 15 minutes; refused next to the field, nothing sent.
  const soon = new Date(Date.now() + 5 * 60_000)
  const local = soon.toLocaleString('sv-SE', { timeZone: 'Asia/Tokyo' }).replace(' ', 'T').slice(0, 16)
  await page.fill('#f-sendAt', local)
  await page.click('#send-event')
  await expectText(
    page,
    '#e-sendAt',
    /^Twilio schedules a message at least 15 minutes ahead: pick a later time, or clear it to send at once\.$/
  )
  await expectText(page, '#send-status', /Not sent: fix Send At \(marked in the mapping\)/)
  expect(harness.emulator.state.messages).toHaveLength(1)
  expect(problems).toEqual([])
  await page.close()
})

test('GET /tester/content (the preview’s route) refuses a bad SID or missing credentials before asking Twilio', async () => {
  const before = harness.emulator.state.counters.requests
  const badSid = await fetch(`${harness.devServer.url}/tester/content/HX123`, {
    headers: { Authorization: 'Basic eDp5' }
  })
  expect(badSid.status).toBe(400)
  expect((await badSid.json()).error).toMatch(/HX followed by 32 hexadecimal characters/)
  const sid = `HX${'0'.repeat(32)}`
  const noAuth = await fetch(`${harness.devServer.url}/tester/content/${sid}`)
  expect(noAuth.status).toBe(400)
  expect((await noAuth.json()).error).toMatch(/^Send the API key SID and secret in the Authorization header\.$/)
  expect(harness.emulator.state.counters.requests).toBe(before)
  // A template the account does not have: Twilio's 404 is passed on with its message.
  const auth = Buffer.from(`${DEMO_CREDENTIALS.apiKeySid}:${DEMO_CREDENTIALS.apiKeySecret}`).toString('base64')
  const missing = await fetch(`${harness.devServer.url}/tester/content/${sid}`, {
    headers: { Authorization: `Basic ${auth}` }
  })
  expect(missing.status).toBe(404)
  expect((await missing.json()).error).toMatch(/^Twilio answered 404/)
})
