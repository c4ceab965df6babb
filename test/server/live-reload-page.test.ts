// The tester page under `npm run dev`, in Debian's chromium: the dev server restarts with a changed definition on
// the same port, the live-reload socket sends `change`, and the page shows the new definition while keeping what
// the user typed (settings, mapping, event). Under `npm start` (no socket) the page does not try to connect.
import type { Browser, Page } from 'playwright-core'
import { DEMO_CREDENTIALS, startEmulator, type RunningEmulator } from '../../src/emulator'
import { emulatedDestination } from '../../src/server/config'
import { startDevServer, type DevServerOptions, type RunningDevServer } from '../../src/server/app'
import { startLiveReload, type LiveReload } from '../../src/server/live-reload'
import type { AnyDestinationDefinition } from '../../src/server/runner'
import { freePortPair } from '../../src/server/dev'
import { settingsFor } from '../../src/server/samples'
import { launchChromium } from '../helpers/chromium'

jest.setTimeout(120_000)

let emulator: RunningEmulator
let browser: Browser

/** The destination sending to the emulator. */
const emulated = (): AnyDestinationDefinition => emulatedDestination(emulator.url) as AnyDestinationDefinition

/** The definition after an edit: one field relabelled and one setting's description changed. */
function editedDefinition(): AnyDestinationDefinition {
  const definition = emulated()
  const authentication = definition.authentication!
  const action = definition.actions.sendMessage
  return {
    ...definition,
    authentication: {
      ...authentication,
      fields: {
        ...authentication.fields,
        accountSID: { ...authentication.fields.accountSID, description: 'Edited description.' }
      }
    },
    actions: {
      sendMessage: {
        ...action,
        fields: { ...action.fields, inlineBody: { ...action.fields.inlineBody, label: 'Message text (edited)' } }
      }
    }
  }
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await emulator?.close()
})

const serverOptions = (port: number, liveReloadPort?: number): DevServerOptions & { port: number } => ({
  destination: emulated(),
  port,
  log: () => undefined,
  tester: { emulatorUrl: emulator.url, demoSettings: settingsFor(DEMO_CREDENTIALS) },
  liveReloadPort
})

async function openPage(url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  page.on('websocket', (socket) => problems.push(`websocket opened: ${socket.url()}`))
  await page.goto(url)
  await page.waitForSelector('body[data-ready="true"]')
  return { page, problems }
}

test('after a restart with an edited definition, the page shows it and keeps what was typed', async () => {
  const port = await freePortPair()
  const liveReload: LiveReload = await startLiveReload({ port: port + 1, devServerPort: port })
  let server: RunningDevServer = await startDevServer(serverOptions(port, liveReload.port))
  try {
    const { page, problems } = await openPage(`${server.url}/`)
    await page.click('#use-sample-mapping')
    await page.fill('#f-inlineBody', 'Typed before the restart {{first_name}}')
    await page.selectOption('#m-toPhoneNumber', 'path')
    await page.fill('#f-toPhoneNumber', 'properties.not-valid-yet') // kept even though it is not valid
    await page.fill('#s-accountSID', 'AC-typed-by-hand')
    await page.fill('#event-json', '{"type": "track", "event": "Typed"}')

    // The restart: the old server goes, the new one (edited definition) listens on the same port.
    await server.close()
    server = await startDevServer({ ...serverOptions(port, liveReload.port), destination: editedDefinition() })
    // The page may still be connecting; `change` goes out once it is there.
    for (let tries = 0; liveReload.notifyChange() === 0; tries++) {
      expect(tries).toBeLessThan(100)
      await page.waitForTimeout(50)
    }
    await page.waitForSelector('body[data-reloads="1"]')

    expect(await page.textContent('#l-inlineBody')).toContain('Message text (edited)')
    expect(await page.textContent('#sd-accountSID')).toContain('Edited description.')
    expect(await page.inputValue('#f-inlineBody')).toBe('Typed before the restart {{first_name}}')
    expect(await page.inputValue('#m-toPhoneNumber')).toBe('path')
    expect(await page.inputValue('#f-toPhoneNumber')).toBe('properties.not-valid-yet')
    expect(await page.inputValue('#f-fromPhoneNumber')).toBe('+14155550100')
    expect(await page.inputValue('#s-accountSID')).toBe('AC-typed-by-hand')
    expect(await page.inputValue('#event-json')).toBe('{"type": "track", "event": "Typed"}')
    expect(await page.textContent('#reload-status')).toMatch(/Reloaded .*: 1 mapping field updated, settings updated/)

    // A restart that changed no field leaves the form alone and says so.
    for (let tries = 0; liveReload.notifyChange() === 0; tries++) expect(tries).toBeLessThan(100)
    await page.waitForSelector('body[data-reloads="2"]')
    expect(await page.textContent('#reload-status')).toMatch(/no field changed/)
    expect(problems.filter((problem) => !problem.startsWith('websocket opened'))).toEqual([])
    await page.close()
  } finally {
    await server.close()
    await liveReload.close()
  }
})

test('under npm start (no live-reload socket) the page opens no WebSocket and logs no error', async () => {
  const server = await startDevServer(serverOptions(0))
  try {
    const { page, problems } = await openPage(`${server.url}/`)
    await page.waitForLoadState('networkidle')
    expect(problems).toEqual([])
    expect(await page.locator('#reload-status').count()).toBe(0)
    await page.close()
  } finally {
    await server.close()
  }
})
