// The small things a new user meets in the first hour (issue 21, Low), in Debian's chromium against the dev server
// and the Twilio emulator: one From lookup per load, labels without doubled brackets, placeholders that fit the
// field, parameter names that do not break on a phone, outbox times in one zone, a quick reply previewed and shown
// in the outbox with its buttons, and a content variable the template does not have.
import { expectText, openPage, openWithSample, pick, useTesterPage } from './tester-page-harness'

jest.setTimeout(120_000)

const harness = useTesterPage()

test('one From lookup per page load, labels without doubled brackets, a media field’s placeholder that is a URL', async () => {
  const { page, problems } = await openPage(harness, { width: 1280, height: 800 })
  const lookups: string[] = []
  page.on('request', (request) => {
    if (request.url().endsWith('/sendMessage/fromPhoneNumber')) lookups.push(request.url())
  })
  await page.click('#use-sample-mapping')
  await page.waitForTimeout(800)
  lookups.length = 0
  // A reload puts the saved mapping back over the defaults: the From list is still asked for once.
  await page.reload()
  await page.waitForSelector('body[data-ready="true"]')
  await expectText(page, '#field-fromPhoneNumber .combo-status', /choices/)
  await page.waitForTimeout(500)
  expect(lookups).toHaveLength(1)

  await page.getByRole('button', { name: 'Show choices for From Phone Number' }).click()
  const labels = await page
    .getByRole('listbox', { name: 'From Phone Number choices' })
    .getByRole('option')
    .allInnerTexts()
  expect(labels.length).toBeGreaterThan(3)
  for (const label of labels) expect(label.split('\n')[0]).not.toMatch(/\(.*\(|\[.*\[/)
  await page.keyboard.press('Escape')

  await pick(page, '#f-channel', 'MMS (picture messages)')
  await page.selectOption('#m-inlineMediaUrls', 'path')
  expect(await page.getAttribute('#f-inlineMediaUrls', 'placeholder')).toBe('$.properties.receipt_url')
  expect(problems).toEqual([])
  await page.close()
})

test('on a phone: parameter names stay whole; outbox times are all in the browser’s zone, which the panel names', async () => {
  const { page, problems } = await openWithSample(harness, { width: 420, height: 900 }, { timezoneId: 'Asia/Tokyo' })
  await page.getByRole('button', { name: 'Send test event' }).click()
  await expectText(page, '#send-status', /Twilio answered 201 Created/)
  const form = page.locator('table.kv', { has: page.locator('caption', { hasText: 'Form parameters' }) })
  // Each name is laid out on one line (one box for its text), however long the value beside it.
  const lines = await form.locator('tbody th').evaluateAll((cells) =>
    cells.map((cell) => {
      const range = document.createRange()
      range.selectNodeContents(cell)
      return [cell.textContent, new Set(Array.from(range.getClientRects(), (rect) => Math.round(rect.top))).size]
    })
  )
  expect(lines).toContainEqual(['StatusCallback', 1])
  expect(lines.filter(([, count]) => count !== 1)).toEqual([])

  await expectText(page, '#outbox-zone', /Asia\/Tokyo \(UTC\+09:00\)/)
  const foot = page.locator('#outbox .bubble-foot').first()
  await foot.waitFor()
  const created = /created (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/.exec(await foot.innerText())?.[1]
  expect(created).toBeDefined()
  const sent = new Date(harness.emulator.state.messages[0].dateCreated)
  const tokyo = new Date(sent.getTime() + 9 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19)
  expect(created).toBe(tokyo)
  expect(await foot.innerText()).not.toMatch(/\+0000|GMT|Z\b/)
  expect(problems).toEqual([])
  await page.close()
})

test('a quick reply: the preview and the outbox show the same text and its buttons; an unknown variable is flagged', async () => {
  harness.emulator.reset()
  const { page, problems } = await openPage(harness, { width: 1280, height: 800 })
  // The recipient wrote first: the 24-hour WhatsApp session is open, so a template still pending approval may go.
  await page.fill('#inbound-from', 'whatsapp:+14155552671')
  await page.getByRole('button', { name: 'Simulate inbound message' }).click()
  await expectText(page, '#inbound-result', /24-hour WhatsApp session/)
  await page.click('#use-sample-mapping')
  await pick(page, '#f-channel', 'WhatsApp')
  await pick(page, '#f-fromPhoneNumber', /^\+14155550123/)
  await pick(page, '#f-contentTemplateType', 'Quick Reply')
  await pick(page, '#f-contentSid', /^appointment_reminder/)
  await expectText(page, '#template-preview .preview-body', /Can you make it\?/)
  const previewButtons = page.getByRole('list', { name: 'Buttons' }).first()
  expect(await previewButtons.getByRole('listitem').allInnerTexts()).toEqual(['Confirm', 'Reschedule'])

  // A variable the template does not have: said in the preview.
  await page.getByRole('button', { name: 'Add Content Variables pair' }).click()
  await page.getByRole('combobox', { name: 'Content Variables key 1' }).fill('3')
  await page.getByLabel('Content Variables value 1', { exact: true }).fill('extra')
  await expectText(page, '#template-preview', /\{\{3\}\} is not a variable of this template: Twilio ignores it\./)

  await page.getByRole('button', { name: 'Send test event' }).click()
  await expectText(page, '#send-status', /Twilio answered 201 Created/)
  const bubble = page.locator('#outbox .outbox-item').first()
  await expectText(page, '#outbox .outbox-item .bubble-body', /Can you make it\?/)
  expect(await bubble.getByRole('list', { name: 'Buttons' }).getByRole('listitem').allInnerTexts()).toEqual([
    'Confirm',
    'Reschedule'
  ])
  expect(problems).toEqual([])
  await page.close()
})
