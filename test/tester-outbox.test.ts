// The tester page's outbox timeline in a real browser (Debian's chromium via playwright-core): late failures with
// their code, message and fix, live updates, cancel of a scheduled message, and a simulated reply that opens the
// WhatsApp session. The emulator runs its lifecycle on real timers with short steps.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { TWILIO_ERROR_FIXES } from '../src/destinations/twilio-messaging/twilio'
import { DEMO_CREDENTIALS, startEmulator, type RunningEmulator } from '../src/emulator'
import { emulatedDestination } from '../src/server/config'
import { startDevServer, type RunningDevServer } from '../src/server/app'
import { settingsFor } from '../src/server/samples'
import { apiPath, basicAuth, form } from './emulator-helpers'
import { launchChromium } from './helpers/chromium'

const OUTPUT_DIR = path.join(__dirname, '..', 'test-output')

jest.setTimeout(120_000)

let emulator: RunningEmulator
let devServer: RunningDevServer
let browser: Browser

beforeAll(async () => {
  // Short steps: a message goes from queued to delivered in well under a second of real time.
  emulator = await startEmulator({ port: 0, stepMs: 150 })
  devServer = await startDevServer({
    destination: emulatedDestination(emulator.url),
    port: 0,
    log: () => undefined,
    tester: { emulatorUrl: emulator.url, demoSettings: settingsFor(DEMO_CREDENTIALS) }
  })
  browser = await launchChromium()
  mkdirSync(OUTPUT_DIR, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  await devServer?.close()
  await emulator?.close()
})

async function openPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  await page.goto(`${devServer.url}/`)
  await page.waitForSelector('body[data-ready="true"]')
  return { page, problems }
}

/** Sets the phone number of the event in the editor. */
async function setEventPhone(page: Page, phone: string): Promise<void> {
  const event = JSON.parse(await page.inputValue('#event-json')) as { context: { traits: { phone: string } } }
  event.context.traits.phone = phone
  await page.fill('#event-json', JSON.stringify(event, null, 2))
}

const item = (page: Page, status: string) => page.locator(`#outbox .outbox-item[data-status="${status}"]`).first()

test('a carrier failure and a WhatsApp text outside the session show their code and fix; a reply opens the session', async () => {
  emulator.reset()
  const { page, problems } = await openPage()
  await page.click('#use-sample-mapping')

  // SMS to the magic number +14155530003: accepted, then the carrier reports 30003. The page updates by itself.
  await setEventPhone(page, '+14155530003')
  await page.click('#send-event')
  const undelivered = item(page, 'undelivered')
  await undelivered.waitFor({ timeout: 15_000 })
  const failedText = await undelivered.innerText()
  expect(failedText).toContain('undelivered 30003')
  expect(failedText).toContain('Unreachable destination handset')
  expect(failedText).toContain(`Fix: ${TWILIO_ERROR_FIXES[30003]}`)
  expect(failedText).toMatch(/queued\s+\S+\s+→\s+sending\s+\S+\s+→\s+sent\s+\S+\s+→\s+undelivered/)
  // The sample mapping reports to the dev server's /callbacks: the outbox says the receipts arrived.
  await page.waitForFunction(() =>
    /Status callbacks to http:\/\/127\.0\.0\.1:\d+\/callbacks: 3 delivered/.test(
      document.querySelector('#outbox .outbox-item[data-status="undelivered"]')?.textContent ?? ''
    )
  )

  // WhatsApp free-form text to a recipient who never wrote: failed 63016.
  await setEventPhone(page, '+14155552671')
  await page.click('#f-channel')
  await page.getByRole('option', { name: 'WhatsApp', exact: true }).click()
  await page.fill('#f-fromPhoneNumber', '+14155550123')
  await page.keyboard.press('Escape')
  await page.click('#send-event')
  const failed = item(page, 'failed')
  await failed.waitFor({ timeout: 15_000 })
  const whatsappText = await failed.innerText()
  expect(whatsappText).toContain('failed 63016')
  expect(whatsappText).toContain(`Fix: ${TWILIO_ERROR_FIXES[63016]}`)

  // The recipient replies: the 24-hour session opens and the same send is delivered.
  await failed.getByRole('button', { name: /Simulate reply/ }).click()
  await page.locator('#outbox .outbox-item.outbox-inbound').first().waitFor()
  await page.click('#send-event')
  await page.waitForFunction(
    () => document.querySelectorAll('#outbox .outbox-item[data-status="delivered"]').length >= 1,
    undefined,
    { timeout: 15_000 }
  )
  const delivered = await item(page, 'delivered').innerText()
  expect(delivered).toContain('WHATSAPP')
  expect(delivered).toMatch(/sent\s+\S+\s+→\s+delivered/)

  await page.locator('#outbox-panel').screenshot({ path: path.join(OUTPUT_DIR, 'outbox-timeline.png') })
  expect(problems).toEqual([])
  await page.close()
})

test('cancels a scheduled message from its button, and simulates a STOP', async () => {
  emulator.reset()
  const { page, problems } = await openPage()
  const sendAt = new Date(Date.now() + 60 * 60 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
  const created = await fetch(`${emulator.url}${apiPath()}/Messages.json`, {
    method: 'POST',
    headers: { authorization: basicAuth() },
    body: form({
      To: '+14155552671',
      MessagingServiceSid: emulator.account.services[0].sid,
      Body: 'See you tomorrow',
      ScheduleType: 'fixed',
      SendAt: sendAt
    })
  })
  expect(created.status).toBe(201)
  const scheduled = item(page, 'scheduled')
  await scheduled.waitFor({ timeout: 15_000 })
  // Shown in the browser's time zone, as every time in the outbox.
  const local = await page.evaluate((iso) => {
    const date = new Date(iso)
    const pad = (n: number) => String(n).padStart(2, '0')
    const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
    return `${day} ${date.toLocaleTimeString('en-GB', { hour12: false })}`
  }, sendAt)
  expect(await scheduled.innerText()).toContain(`waiting for ${local}`)
  await scheduled.getByRole('button', { name: 'Cancel scheduled message' }).click()
  const canceled = item(page, 'canceled')
  await canceled.waitFor({ timeout: 15_000 })
  expect(await canceled.innerText()).toMatch(/scheduled\s+\S+\s+→\s+canceled/)
  expect(await canceled.getByRole('button', { name: 'Cancel scheduled message' }).count()).toBe(0)

  // STOP from the recipient through the form above the outbox, then a send from the page is refused with 21610.
  await page.fill('#inbound-from', '+14155552671')
  await page.fill('#inbound-body', 'STOP')
  await page.getByRole('button', { name: 'Simulate inbound message' }).click()
  await page.waitForFunction(() => /Opted out/.test(document.querySelector('#inbound-result')?.textContent ?? ''))
  await page.click('#use-sample-mapping')
  await page.click('#send-event')
  await page.waitForFunction(() => /TWILIO_21610/.test(document.querySelector('#send-status')?.textContent ?? ''))
  expect(problems).toEqual([])
  await page.close()
})
