// DNS rebinding and cross-site requests in a real browser (Debian's chromium, playwright-core) against the dev
// server and the Twilio emulator: what src/loopback-guard.ts must stop, from the pages that would try it.
// `--host-resolver-rules` makes `rebound.test` resolve to 127.0.0.1 (a rebinding attack after the DNS switch) and
// serves an attacker's pages from `attacker.test`, another site, and from `localhost` on another port.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { ADMIN_PREFIX, DEMO_CREDENTIALS, startEmulator, type RunningEmulator } from '../../src/emulator'
import { emulatedDestination } from '../../src/server/config'
import { startDevServer, type RunningDevServer } from '../../src/server/app'
import { sampleEvent, sampleMapping, settingsFor } from '../../src/server/samples'
import { sendMessage } from '../emulator-helpers'
import { launchChromium } from '../helpers/chromium'

jest.setTimeout(120_000)

let emulator: RunningEmulator
let devServer: RunningDevServer
let attacker: Server
let attackerPort: number
let browser: Browser
const devLog: string[] = []
const settings = settingsFor(DEMO_CREDENTIALS)

/**
 * The attacker's pages: `/form?action=<url>` posts a form there at once; `/frame?src=<url>` shows that URL in a
 * frame; `/blank` is an empty page.
 */
function startAttacker(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://attacker')
    res.setHeader('content-type', 'text/html; charset=utf-8')
    if (url.pathname === '/frame') {
      const src = (url.searchParams.get('src') ?? '').replace(/"/g, '&quot;')
      res.end(`<!doctype html><iframe src="${src}" width="800" height="600"></iframe>`)
      return
    }
    if (url.pathname === '/form') {
      const action = url.searchParams.get('action') ?? ''
      res.end(
        `<!doctype html><form method="POST" action="${action.replace(/"/g, '&quot;')}">` +
          '<input name="x" value="1"></form><script>document.forms[0].submit()</script>'
      )
      return
    }
    res.end('<!doctype html><title>attacker</title>')
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 })
  devServer = await startDevServer({
    destination: emulatedDestination(emulator.url),
    port: 0,
    log: (line) => devLog.push(line),
    tester: { emulatorUrl: emulator.url, demoSettings: settings }
  })
  attacker = await startAttacker()
  attackerPort = (attacker.address() as AddressInfo).port
  // Two names that resolve to this machine: a rebound name and an attacker's site.
  browser = await launchChromium(['--host-resolver-rules=MAP rebound.test 127.0.0.1, MAP attacker.test 127.0.0.1'])
})

afterAll(async () => {
  await browser?.close()
  await devServer?.close()
  await emulator?.close()
  await new Promise((resolve) => attacker?.close(resolve))
})

async function seedOutbox(): Promise<void> {
  emulator.reset()
  const sent = await sendMessage(emulator, { To: '+14155552671', From: '+14155550100', Body: 'private text' })
  expect(sent.status).toBe(201)
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext()
  return context.newPage()
}

/** Runs fetch in the page; a request the browser blocks (CORS) comes back as `{blocked: message}`. */
function fetchFrom(
  page: Page,
  url: string,
  init: { method?: string; body?: string; headers?: Record<string, string>; mode?: RequestMode } = {}
) {
  return page.evaluate(
    async ({ url, init }) => {
      try {
        const response = await fetch(url, init)
        return {
          status: response.status,
          type: response.type,
          text: response.type === 'opaque' ? '' : await response.text()
        }
      } catch (error) {
        return { blocked: String(error) }
      }
    },
    { url, init }
  )
}

describe('DNS rebinding: a name that now resolves to 127.0.0.1', () => {
  it('cannot load or read the dev server', async () => {
    const page = await newPage()
    const response = await page.goto(`http://rebound.test:${devServer.port}/`)
    expect(response?.status()).toBe(403)
    expect(await page.textContent('body')).toContain(`Host 'rebound.test:${devServer.port}' is not served`)
    // Same-origin requests of the rebound page: refused too.
    const manifest = await fetchFrom(page, '/manifest')
    expect(manifest).toMatchObject({ status: 403 })
    const send = await fetchFrom(page, '/sendMessage', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ payload: sampleEvent(), settings, mapping: sampleMapping() })
    })
    expect(send).toMatchObject({ status: 403 })
    await page.context().close()
  })

  it("cannot read the emulator's outbox (message texts and phone numbers)", async () => {
    await seedOutbox()
    const page = await newPage()
    const response = await page.goto(`http://rebound.test:${emulator.port}${ADMIN_PREFIX}/messages`)
    expect(response?.status()).toBe(403)
    const text = (await page.textContent('body')) ?? ''
    expect(text).toContain('20403')
    expect(text).not.toContain('private text')
    expect(text).not.toContain('+14155552671')
    await page.context().close()
  })
})

describe('cross-site requests from pages the user happens to open', () => {
  it.each([
    ['another site', () => `http://attacker.test:${attackerPort}`],
    ['a page on another local port', () => `http://localhost:${attackerPort}`]
  ])("a form POST from %s to the emulator's /__emulator/reset is refused: the outbox stays", async (_label, base) => {
    await seedOutbox()
    const page = await newPage()
    const target = `http://localhost:${emulator.port}${ADMIN_PREFIX}/reset`
    const answered = page.waitForResponse((response) => response.url() === target)
    await page.goto(`${base()}/form?action=${encodeURIComponent(target)}`)
    const response = await answered
    expect(response.status()).toBe(403)
    expect(await response.text()).toContain('Cross-site request refused: POST /__emulator/reset')
    expect(emulator.state.messages).toHaveLength(1)
    await page.context().close()
  })

  it('a no-cors POST to the dev server is refused before it runs (nothing reaches the emulator)', async () => {
    emulator.reset()
    const page = await newPage()
    await page.goto(`http://attacker.test:${attackerPort}/blank`)
    const before = devLog.length
    const result = await fetchFrom(page, `http://127.0.0.1:${devServer.port}/sendMessage`, {
      method: 'POST',
      mode: 'no-cors',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ payload: sampleEvent(), settings, mapping: sampleMapping() })
    })
    expect(result).toMatchObject({ type: 'opaque' })
    expect(devLog.slice(before).join('\n')).toContain(
      `refused: Cross-site request refused: POST /sendMessage from origin http://attacker.test:${attackerPort}`
    )
    expect(emulator.state.messages).toHaveLength(0)
    await page.context().close()
  })

  it("a foreign page cannot read the outbox or the tester's settings (no CORS for it)", async () => {
    await seedOutbox()
    const page = await newPage()
    await page.goto(`http://attacker.test:${attackerPort}/blank`)
    expect(await fetchFrom(page, `http://127.0.0.1:${emulator.port}${ADMIN_PREFIX}/messages`)).toHaveProperty('blocked')
    expect(await fetchFrom(page, `http://127.0.0.1:${devServer.port}/tester/outbox`)).toHaveProperty('blocked')
    expect(await fetchFrom(page, `http://127.0.0.1:${devServer.port}/tester/config`)).toHaveProperty('blocked')
    await page.context().close()
  })
})

describe('framing', () => {
  it('a foreign page cannot show the tester in a frame (a click there would send with the demo settings)', async () => {
    const page = await newPage()
    const tester = `http://127.0.0.1:${devServer.port}/`
    await page.goto(`http://attacker.test:${attackerPort}/frame?src=${encodeURIComponent(tester)}`)
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame())
    await frame?.waitForLoadState()
    const ready = await frame?.evaluate(() => document.body?.dataset.ready).catch(() => undefined)
    expect(ready).toBeUndefined()
    expect(frame?.url()).not.toBe(tester)
    await page.context().close()
  })
})

describe('the pages that may drive the servers', () => {
  it.each(['127.0.0.1', 'localhost'])('the tester page itself, opened as http://%s:<port>, sends', async (name) => {
    emulator.reset()
    const page = await newPage()
    await page.goto(`http://${name}:${devServer.port}/`)
    await page.waitForSelector('body[data-ready="true"]')
    const result = await fetchFrom(page, '/sendMessage', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        payload: { ...sampleEvent(), messageId: `browser-${name}` },
        settings,
        mapping: sampleMapping()
      })
    })
    expect(result).toMatchObject({ status: 200 })
    expect(JSON.parse((result as { text: string }).text)[0].response.statusCode).toBe(201)
    expect(emulator.state.messages).toHaveLength(1)
    await page.context().close()
  })

  it("Segment's hosted Actions Tester (https://app.segment.com) sends and reads the answer", async () => {
    emulator.reset()
    const context = await browser.newContext()
    // Chromium asks the user before a public site reaches a loopback address (Local Network Access); the user allows
    // it for Segment's tester. What this test checks is the server's side: CORS and the guard let that origin in.
    await context.grantPermissions(['local-network-access'], { origin: 'https://app.segment.com' })
    // The hosted tester's page, served by the browser itself under Segment's origin (no request leaves the machine).
    await context.route('https://app.segment.com/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Actions Tester</title>' })
    )
    const page = await context.newPage()
    await page.goto('https://app.segment.com/actions-tester')
    const result = await fetchFrom(page, `http://127.0.0.1:${devServer.port}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        payload: { ...sampleEvent(), messageId: 'browser-segment' },
        settings,
        mapping: sampleMapping()
      })
    })
    expect(result).toMatchObject({ status: 200, type: 'cors' })
    expect(emulator.state.messages).toHaveLength(1)
    await context.close()
  })

  it('another https site, even with the same browser permission, cannot', async () => {
    emulator.reset()
    const context = await browser.newContext()
    await context.grantPermissions(['local-network-access'], { origin: 'https://evil.example' })
    await context.route('https://evil.example/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>not Segment</title>' })
    )
    const page = await context.newPage()
    await page.goto('https://evil.example/')
    const body = JSON.stringify({ payload: sampleEvent(), settings, mapping: sampleMapping() })
    const url = `http://127.0.0.1:${devServer.port}/sendMessage`
    const json = await fetchFrom(page, url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    expect(json).toHaveProperty('blocked') // the preflight gets no CORS allowance
    const plain = await fetchFrom(page, url, { method: 'POST', mode: 'no-cors', body })
    expect(plain).toMatchObject({ type: 'opaque' }) // sent, and refused by the guard
    expect(emulator.state.messages).toHaveLength(0)
    await context.close()
  })
})
