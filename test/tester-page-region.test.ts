// The tester page rehearsing Twilio's Ireland region (what `npm start -- --region ie1` serves), in Debian's chromium
// against the dev server and the emulator: the header names the region and host of the settings, the sample mapping
// sends from the IE1 number, the outbox shows IE1's messages, and the Channel list offers SMS only.
import type { Page } from 'playwright-core'
import { IE1_DEMO_CREDENTIALS, IE1_DEMO_NUMBERS, startEmulator, type RunningEmulator } from '../src/emulator'
import { startDevServer, type RunningDevServer } from '../src/server/app'
import { emulatedDestination } from '../src/server/config'
import { settingsFor } from '../src/server/samples'
import { launchChromium } from './helpers/chromium'
import { expectText, recordProblems } from './tester-page-harness'
import type { Browser } from 'playwright-core'

jest.setTimeout(120_000)

let emulator: RunningEmulator
let devServer: RunningDevServer
let browser: Browser

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 })
  devServer = await startDevServer({
    destination: emulatedDestination(emulator.url),
    port: 0,
    log: () => undefined,
    tester: {
      emulatorUrl: emulator.url,
      demoSettings: { ...settingsFor(IE1_DEMO_CREDENTIALS), region: 'ie1' },
      region: 'ie1'
    }
  })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await devServer?.close()
  await emulator?.close()
})

async function open(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  const problems = recordProblems(page)
  await page.goto(`${devServer.url}/`)
  await page.waitForSelector('body[data-ready="true"]')
  return { page, problems }
}

test('the header names the region and host of the settings, and follows what is typed', async () => {
  const { page, problems } = await open()
  expect(await page.inputValue('#s-region')).toBe('ie1')
  await expectText(page, '#region-line', /^Twilio Region: the Ireland region \(IE1\), api\.dublin\.ie1\.twilio\.com$/)
  await page.fill('#s-edge', 'ashburn')
  await expectText(page, '#region-line', /Edge Location "ashburn" does not reach the Ireland region \(IE1\)/)
  await page.fill('#s-region', 'us1')
  await expectText(page, '#region-line', /the United States region \(US1\), api\.ashburn\.us1\.twilio\.com$/)
  await page.fill('#s-region', 'eu1')
  await expectText(page, '#region-line', /"eu1" is not one of us1 or ie1/)
  expect(problems).toEqual([])
  await page.close()
})

test('the sample mapping sends from the IE1 number, and the outbox shows IE1’s message', async () => {
  const { page, problems } = await open()
  await page.click('#use-sample-mapping')
  expect(await page.inputValue('#f-fromPhoneNumber')).toBe(IE1_DEMO_NUMBERS.uk)
  await page.click('#send-event')
  await expectText(page, '#outbox', new RegExp(`\\${IE1_DEMO_NUMBERS.uk}`))
  expect(emulator.regions.ie1.state.messages).toHaveLength(1)
  expect(emulator.state.messages).toHaveLength(0)

  await page.getByRole('button', { name: 'Show choices for Channel' }).click()
  const channels = await page.getByRole('listbox', { name: 'Channel choices' }).getByRole('option').allInnerTexts()
  expect(channels.map((label) => label.split('\n')[0])).toEqual(['SMS'])
  await page.keyboard.press('Escape')
  expect(problems).toEqual([])
  await page.close()
})
