// The mapping tester page in a real browser: Debian's chromium driven by playwright-core, against the dev server
// and the Twilio emulator on ephemeral loopback ports. Screenshots go to test-output/ (git-ignored).
import path from 'node:path'
import destination from '../src/destinations/twilio-messaging'
import { DEMO_CREDENTIALS } from '../src/emulator'
import { startDevServer } from '../src/server/app'
import {
  OUTPUT_DIR,
  expectText,
  openPage as open,
  pick,
  recordProblems,
  rowValue,
  useTesterPage,
  waitUntil
} from './tester-page-harness'

jest.setTimeout(120_000)

const harness = useTesterPage()
const openPage = (viewport: { width: number; height: number }) => open(harness, viewport)

test('maps, sends through the emulator and shows the message in the outbox, with no console errors', async () => {
  harness.emulator.reset()
  const { page, problems } = await openPage({ width: 1280, height: 800 })

  // Settings: the emulator's demo account, the secret masked; the connection works.
  expect(await page.inputValue('#s-accountSID')).toBe(DEMO_CREDENTIALS.accountSid)
  expect(await page.getAttribute('#s-apiKeySecret', 'type')).toBe('password')
  expect(await page.inputValue('#s-apiKeySecret')).toBe(DEMO_CREDENTIALS.apiKeySecret)
  await page.click('#test-connection')
  await expectText(page, '#auth-result', /Connection works/)

  // Channel with the mouse; the dependent dropdowns are queried again for WhatsApp.
  await pick(page, '#f-channel', 'WhatsApp')
  // The stored value is `Whatsapp` on Segment (label "WhatsApp").
  expect(await page.inputValue('#f-channel')).toBe('Whatsapp')

  // Sender Type with the keyboard: type to filter, arrow to the choice, Enter.
  await page.focus('#f-senderType')
  await page.fill('#f-senderType', 'Mess')
  await page.getByRole('option', { name: 'Messaging Service', exact: true }).waitFor()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  expect(await page.inputValue('#f-senderType')).toBe('Messaging Service')

  // depends_on: the Messaging Service field appears, the From number field goes away.
  await page.waitForSelector('#field-messagingServiceSid:not([hidden])')
  expect(await page.isHidden('#field-fromPhoneNumber')).toBe(true)
  await pick(page, '#f-messagingServiceSid', /^WhatsApp notifications \[MG/)
  expect(await page.inputValue('#f-messagingServiceSid')).toMatch(/^WhatsApp notifications \[MG[0-9a-f]{32}\]$/)

  // A template: the type, then the template itself from the emulator's Content API.
  await pick(page, '#f-contentTemplateType', 'Text')
  await page.waitForSelector('#field-contentSid:not([hidden])')
  expect(await page.isHidden('#field-inlineBody')).toBe(true)
  // Not required by the schema (as on Segment's live destination), so not starred: perform names it when missing.
  expect(await page.textContent('#l-contentSid')).toBe('Content Template SID')
  await pick(page, '#f-contentSid', /^order_confirmation/)
  expect(await page.inputValue('#f-contentSid')).toMatch(/^order_confirmation \[HX[0-9a-f]{32}\]$/)

  // Content Variables: the key from the template's variables, the value from the event.
  await page.getByRole('button', { name: 'Add Content Variables pair' }).click()
  await pick(page, '#f-contentVariables-k1', '1')
  await page.getByLabel('Content Variables value 1: how to map').selectOption('path')
  await page.getByLabel('Content Variables value 1', { exact: true }).fill('$.properties.first_name')

  // A validation error, shown next to its field: the path finds no phone number in the event.
  await page.selectOption('#m-toPhoneNumber', 'path')
  await page.fill('#f-toPhoneNumber', '$.properties.mobile')
  await page.click('#send-event')
  // Not required by the schema (as live): the destination refuses it before any request, naming what WhatsApp needs.
  await expectText(page, '#e-toPhoneNumber', /^Is required for WhatsApp: map it to the recipient's phone number/i)
  await expectText(page, '#r-toPhoneNumber', /finds nothing in this event/)
  expect(await page.textContent('#r-toPhoneNumber')).toContain('properties.mobile')
  expect(await page.getAttribute('#f-toPhoneNumber', 'aria-invalid')).toBe('true')
  await expectText(page, '#send-status', /Not sent/)
  expect(await page.locator('#outbox .outbox-item').count()).toBe(0)

  // Fixed: map the phone number from the event and send.
  await page.fill('#f-toPhoneNumber', '$.properties.phone')
  expect(await page.textContent('#e-toPhoneNumber')).toBe('')
  await page.click('#send-event')
  await expectText(page, '#send-status', /Twilio answered 201 Created/)

  // The request Twilio got: form parameters decoded, the credential redacted.
  const form = page.locator('table.kv', { has: page.locator('caption', { hasText: 'Form parameters' }) })
  await expect(rowValue(form, 'To')).resolves.toBe('whatsapp:+14155552671')
  await expect(rowValue(form, 'MessagingServiceSid')).resolves.toMatch(/^MG[0-9a-f]{32}$/)
  await expect(rowValue(form, 'ContentSid')).resolves.toMatch(/^HX[0-9a-f]{32}$/)
  expect(JSON.parse(await rowValue(form, 'ContentVariables'))).toEqual({ 1: 'Ada' })
  const headers = page.locator('table.kv', { has: page.locator('caption', { hasText: 'Request headers' }) })
  await expect(rowValue(headers, 'authorization')).resolves.toBe('<redacted>')
  expect(await page.content()).not.toContain(Buffer.from(`${DEMO_CREDENTIALS.apiKeySid}:`).toString('base64'))

  // The outbox: one WhatsApp bubble with the rendered template and its variables.
  const bubble = page.locator('#outbox .outbox-item').first()
  await bubble.waitFor()
  expect(await page.locator('#outbox .outbox-item').count()).toBe(1)
  const text = await bubble.innerText()
  expect(text).toContain('WHATSAPP')
  expect(text).toContain('whatsapp:+14155552671')
  expect(text).toContain('Hi Ada, your order is confirmed.')
  expect(text).toMatch(/Template HX[0-9a-f]{32}/)
  expect(harness.emulator.state.messages).toHaveLength(1)

  // The docs' picture (docs/tester.png is a copy of tester.png): the whole page at 1280 px, in a window as tall as
  // the page so that the sticky send bar sits at its end instead of across the middle of the picture.
  await page.screenshot({ path: path.join(OUTPUT_DIR, 'tester-1280x800.png'), fullPage: true })
  const height = await page.evaluate(() => document.documentElement.scrollHeight)
  await page.setViewportSize({ width: 1280, height })
  await page.screenshot({ path: path.join(OUTPUT_DIR, 'tester.png'), fullPage: true })
  await page.setViewportSize({ width: 420, height: 900 })
  await page.screenshot({ path: path.join(OUTPUT_DIR, 'tester-420x900.png'), fullPage: true })
  expect(problems).toEqual([])
  await page.close()
})

test('dropdowns: paging with Load more, free typing, keyboard, and a re-query when the channel changes', async () => {
  const { page, problems } = await openPage({ width: 1280, height: 800 })
  const asked: Array<{ page?: string; payload: Record<string, unknown> }> = []
  // A long list split in pages, as a lookup with nextPage answers it (the emulator's account fits in one page).
  await page.route(`${harness.devServer.url}/sendMessage/fromPhoneNumber`, async (route) => {
    const body = route.request().postDataJSON() as { page?: string; payload: Record<string, unknown> }
    asked.push(body)
    const channel = String(body.payload.channel)
    const pageOne = { choices: [1, 2].map((n) => ({ label: `${channel} number ${n}`, value: `+1415555010${n}` })) }
    await route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify(
        body.page === 'p2'
          ? { choices: [{ label: `${channel} number 3`, value: '+14155550103' }] }
          : { ...pageOne, nextPage: 'p2' }
      )
    })
  })
  await pick(page, '#f-channel', /^MMS/)
  await page.waitForFunction(() => document.querySelector('#f-fromPhoneNumber ~ .combo-toggle') !== null)
  const senderOptions = page.locator('#field-fromPhoneNumber [role="option"]:not(.combo-more)')
  await page.click('#f-fromPhoneNumber')
  await page.getByRole('option', { name: 'MMS number 2' }).waitFor()
  expect(await senderOptions.count()).toBe(2)
  await page.getByRole('option', { name: 'Load more choices' }).click()
  await page.getByRole('option', { name: 'MMS number 3' }).waitFor()
  expect(await senderOptions.count()).toBe(3)
  expect(asked.some((body) => body.page === 'p2' && body.payload.channel === 'MMS')).toBe(true)

  // Typing filters; arrows and Enter pick; Escape closes; a typed value that is not listed is kept.
  await page.fill('#f-fromPhoneNumber', 'number 3')
  expect(await senderOptions.count()).toBe(1)
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  expect(await page.inputValue('#f-fromPhoneNumber')).toBe('+14155550103')
  expect(await page.getAttribute('#f-fromPhoneNumber', 'aria-expanded')).toBe('false')
  await page.fill('#f-fromPhoneNumber', 'ACME')
  await page.keyboard.press('Escape')
  expect(await page.getAttribute('#f-fromPhoneNumber', 'aria-expanded')).toBe('false')
  expect(await page.inputValue('#f-fromPhoneNumber')).toBe('ACME')

  // Picking another channel queries the sender list again with it.
  await pick(page, '#f-channel', 'SMS')
  await waitUntil(() => asked.at(-1)?.payload.channel === 'SMS')
  await page.click('#f-fromPhoneNumber')
  await page.getByRole('option', { name: 'SMS number 1' }).waitFor()
  await page.keyboard.press('Escape')

  // Conditions compare the channel without regard to case: typed `messenger` hides the phone number fields.
  await page.fill('#f-channel', 'messenger')
  await page.keyboard.press('Escape')
  await page.waitForSelector('#field-toMessengerUserId:not([hidden])')
  expect(await page.isHidden('#field-toPhoneNumber')).toBe(true)
  expect(await page.textContent('#l-toMessengerUserId')).toContain('*')
  expect(await page.isHidden('#field-inlineMediaUrls')).toBe(false)
  expect(problems).toEqual([])
  await page.close()
})

test('the event editor reports JSON errors with line and column, and sending is refused', async () => {
  const { page, problems } = await openPage({ width: 1280, height: 800 })
  await page.selectOption('#sample-select', { label: 'Identify with phone traits' })
  expect(JSON.parse(await page.inputValue('#event-json'))).toMatchObject({ type: 'identify' })
  await page.fill('#event-json', '{\n  "type": "track",\n  "properties": { "a": 1, }\n}')
  await page.click('#send-event')
  await expectText(page, '#event-error', /line 3, column \d+/)
  await expectText(page, '#send-status', /Not sent: fix the event JSON/)
  expect(await page.getAttribute('#event-json', 'aria-invalid')).toBe('true')
  expect(problems).toEqual([])
  await page.close()
})

test('the sample mapping sends an SMS as it is', async () => {
  harness.emulator.reset()
  const { page, problems } = await openPage({ width: 420, height: 900 })
  await page.click('#use-sample-mapping')
  expect(await page.inputValue('#f-fromPhoneNumber')).toBe('+14155550100')
  expect(await page.inputValue('#m-toPhoneNumber')).toBe('path')
  expect(await page.inputValue('#f-toPhoneNumber')).toBe('$.context.traits.phone')
  await page.click('#send-event')
  await expectText(page, '#send-status', /Twilio answered 201 Created/)
  await page.locator('#outbox .outbox-item').first().waitFor()
  expect(await page.locator('#outbox .outbox-item').first().innerText()).toContain(
    'Hi Ada, your order A-1001 has shipped!'
  )
  expect(problems).toEqual([])
  await page.close()
})

test('live mode: nothing prefilled, no outbox', async () => {
  const live = await startDevServer({ destination, port: 0, log: () => undefined })
  try {
    const page = await harness.browser.newPage({ viewport: { width: 1280, height: 800 } })
    const problems = recordProblems(page)
    await page.goto(`${live.url}/`)
    await page.waitForSelector('body[data-ready="true"]')
    await expectText(page, '#mode-badge', /Live/)
    expect(await page.inputValue('#s-accountSID')).toBe('')
    expect(await page.inputValue('#s-apiKeySecret')).toBe('')
    expect(await page.isHidden('#outbox-panel')).toBe(true)
    expect(problems).toEqual([])
    await page.close()
  } finally {
    await live.close()
  }
})
