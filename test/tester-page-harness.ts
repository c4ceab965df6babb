// Shared set-up of the tester page's browser tests: the Twilio emulator and the dev server on ephemeral loopback
// ports, Debian's chromium driven by playwright-core, and small helpers that wait for what a user would see.
// Screenshots go to test-output/ (git-ignored).
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page, Request } from 'playwright-core'
import { DEMO_CREDENTIALS, startEmulator, type EmulatorOptions, type RunningEmulator } from '../src/emulator'
import { emulatedDestination } from '../src/server/config'
import { startDevServer, type RunningDevServer } from '../src/server/app'
import { settingsFor } from '../src/server/samples'
import { launchChromium } from './helpers/chromium'

export const OUTPUT_DIR = path.join(__dirname, '..', 'test-output')

export interface TesterHarness {
  emulator: RunningEmulator
  devServer: RunningDevServer
  browser: Browser
}

/** Registers beforeAll/afterAll that start the emulator, the dev server against it, and chromium. */
export function useTesterPage(emulatorOptions: EmulatorOptions = {}): TesterHarness {
  const harness = {} as TesterHarness
  beforeAll(async () => {
    harness.emulator = await startEmulator({ port: 0, ...emulatorOptions })
    harness.devServer = await startDevServer({
      destination: emulatedDestination(harness.emulator.url),
      port: 0,
      log: () => undefined,
      tester: { emulatorUrl: harness.emulator.url, demoSettings: settingsFor(DEMO_CREDENTIALS) }
    })
    harness.browser = await launchChromium()
    mkdirSync(OUTPUT_DIR, { recursive: true })
  })
  afterAll(async () => {
    await harness.browser?.close()
    await harness.devServer?.close()
    await harness.emulator?.close()
  })
  return harness
}

/** Console errors, uncaught exceptions and failed requests of a page. */
export function recordProblems(page: Page): string[] {
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  // A reload or navigation cancels what the document before it still had in flight (net::ERR_ABORTED): not a
  // failure (seen in full runs: an outbox poll in flight when a test reloaded the page). Only requests of an earlier
  // document are forgiven, never a navigation itself nor what the current document aborts. A document is counted
  // from its commit (framenavigated), not from its navigation request: the old document still runs, and polls, until
  // the new one commits (a poll it sent in that gap once failed a run). The page never navigates within a document
  // (no pushState, no hash changes), so every main-frame framenavigated is a new document.
  let documents = 0
  const documentOf = new WeakMap<Request, number>()
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) documents++
  })
  page.on('request', (request) => documentOf.set(request, documents))
  page.on('requestfailed', (request) => {
    const earlier = !request.isNavigationRequest() && (documentOf.get(request) ?? documents) < documents
    if (earlier && request.failure()?.errorText === 'net::ERR_ABORTED') return
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`)
  })
  return problems
}

/** Opens the page in a fresh browser context (fresh localStorage) and waits until it is ready. */
export async function openPage(
  harness: TesterHarness,
  viewport: { width: number; height: number },
  options: { timezoneId?: string } = {}
): Promise<{ page: Page; problems: string[] }> {
  const page = await harness.browser.newPage({ viewport, ...options })
  const problems = recordProblems(page)
  await page.goto(`${harness.devServer.url}/`)
  await page.waitForSelector('body[data-ready="true"]')
  return { page, problems }
}

/** Opens a combobox with the mouse and picks the option with this accessible name. */
export async function pick(page: Page, selector: string, option: string | RegExp): Promise<void> {
  await page.click(selector)
  await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click()
}

/** Waits until the element's text matches; `timeout` for what takes long by nature (a lookup of many pages). */
export async function expectText(page: Page, selector: string, pattern: RegExp, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    ([css, source, flags]) => new RegExp(source, flags).test(document.querySelector(css)?.textContent ?? ''),
    [selector, pattern.source, pattern.flags] as const,
    { timeout }
  )
}

export async function waitUntil(condition: () => boolean, timeout = 15_000): Promise<void> {
  const end = Date.now() + timeout
  while (!condition()) {
    if (Date.now() > end) throw new Error('waitUntil: the condition did not hold in time')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

export async function rowValue(table: ReturnType<Page['locator']>, name: string): Promise<string> {
  const cell = table
    .locator('tr', { has: table.page().locator('th', { hasText: new RegExp(`^${name}$`) }) })
    .locator('td')
  return (await cell.innerText()).trim()
}

/** The element that has the focus, as `tag#id` (`body` when the focus fell to the page). */
export async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement
    return element ? `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}` : 'none'
  })
}

/** A fresh outbox and a fresh page with the sample mapping in its form (an SMS from the demo number). */
export async function openWithSample(
  harness: TesterHarness,
  viewport: { width: number; height: number } = { width: 1280, height: 800 },
  options: { timezoneId?: string } = {}
): Promise<{ page: Page; problems: string[] }> {
  harness.emulator.reset()
  const opened = await openPage(harness, viewport, options)
  await opened.page.click('#use-sample-mapping')
  return opened
}
