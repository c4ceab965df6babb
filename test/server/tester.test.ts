/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read untyped JSON answers */
import {
  DEMO_CREDENTIALS,
  IE1_DEMO_CREDENTIALS,
  IE1_DEMO_NUMBERS,
  startEmulator,
  type RunningEmulator
} from '../../src/emulator'
import { emulatedDestination } from '../../src/server/config'
import { startDevServer, type DevServerOptions, type RunningDevServer } from '../../src/server/app'
import { sampleEvent, sampleMapping, settingsFor } from '../../src/server/samples'
import { testerConfig } from '../../src/server/tester'

const demoSettings = settingsFor(DEMO_CREDENTIALS)
const LIVE_SECRET = 'live-secret-that-must-never-leave-0123456789'
const liveSettings = {
  accountSID: 'AC0123456789abcdef0123456789abcdef',
  apiKeySID: 'SK0123456789abcdef0123456789abcdef',
  apiKeySecret: LIVE_SECRET
}

/** What the page is told of each region: its name, and its hosts by edge ('' = none), from the destination. */
const REGION_INFOS = {
  us1: {
    name: 'the United States region (US1)',
    hosts: {
      '': ['https://api.twilio.com', 'https://messaging.twilio.com', 'https://content.twilio.com'],
      ashburn: [
        'https://api.ashburn.us1.twilio.com',
        'https://messaging.ashburn.us1.twilio.com',
        'https://content.ashburn.us1.twilio.com'
      ],
      umatilla: [
        'https://api.umatilla.us1.twilio.com',
        'https://messaging.umatilla.us1.twilio.com',
        'https://content.umatilla.us1.twilio.com'
      ]
    }
  },
  ie1: {
    name: 'the Ireland region (IE1)',
    hosts: {
      dublin: [
        'https://api.dublin.ie1.twilio.com',
        'https://messaging.dublin.ie1.twilio.com',
        'https://content.dublin.ie1.twilio.com'
      ]
    }
  }
}

let emulator: RunningEmulator
const servers: RunningDevServer[] = []

/** A dev server whose destination sends to the emulator (the tester options only say what the page is told). */
async function serve(options: Partial<DevServerOptions>): Promise<RunningDevServer> {
  const server = await startDevServer({
    destination: emulatedDestination(emulator.url),
    port: 0,
    log: () => undefined,
    ...options
  })
  servers.push(server)
  return server
}

async function get(server: RunningDevServer, path: string) {
  const response = await fetch(`${server.url}${path}`)
  const text = await response.text()
  return { status: response.status, text, body: JSON.parse(text) as any }
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 })
})

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()))
  await emulator.close()
})

/** The live destination's two flags, which the page offers as switches. */
const FEATURE_FLAGS = [
  { name: 'actions-twilio-messenger-facebook', description: expect.stringContaining('Messenger') },
  { name: 'twilio-messaging-stringify-content-variables', description: expect.stringContaining('as text') }
]

describe('GET /tester/config', () => {
  it('against the emulator: the demo account, with its public demo secret apart from the settings', async () => {
    const server = await serve({ tester: { emulatorUrl: emulator.url, demoSettings } })
    const { status, body } = await get(server, '/tester/config')
    expect(status).toBe(200)
    expect(body).toEqual({
      mode: 'emulator',
      note: expect.stringContaining('emulator'),
      demoSettings: { accountSID: DEMO_CREDENTIALS.accountSid, apiKeySID: DEMO_CREDENTIALS.apiKeySid },
      demoSecret: DEMO_CREDENTIALS.apiKeySecret,
      sampleMapping: expect.objectContaining({ channel: 'SMS', fromPhoneNumber: '+14155550100' }),
      featureFlags: FEATURE_FLAGS,
      region: 'us1',
      regions: REGION_INFOS
    })
  })

  it('rehearsing IE1 (npm start -- --region ie1): the IE1 demo keys and region, a sample from the IE1 number', async () => {
    const ie1Settings = settingsFor(IE1_DEMO_CREDENTIALS)
    const server = await serve({ tester: { emulatorUrl: emulator.url, demoSettings: ie1Settings, region: 'ie1' } })
    const { body } = await get(server, '/tester/config')
    expect(body).toMatchObject({
      demoSettings: { apiKeySID: IE1_DEMO_CREDENTIALS.apiKeySid, region: 'ie1' },
      demoSecret: IE1_DEMO_CREDENTIALS.apiKeySecret,
      sampleMapping: { fromPhoneNumber: IE1_DEMO_NUMBERS.uk },
      region: 'ie1'
    })
  })

  it('reads the outbox of the region the page asks for, and refuses an unknown one', async () => {
    const server = await serve({ tester: { emulatorUrl: emulator.url, demoSettings } })
    const ie1 = await get(server, '/tester/outbox?region=ie1')
    expect([ie1.status, ie1.body.total]).toEqual([200, 0])
    const unknown = await get(server, '/tester/outbox?region=mars')
    expect([unknown.status, unknown.body.error]).toEqual([400, 'Twilio Region must be us1 or ie1.'])
  })

  it('never sends a secret other than the demo one (settings file credentials against the emulator)', async () => {
    const fromFile = { ...demoSettings, apiKeySecret: 'a-secret-from-a-settings-file' }
    const server = await serve({
      tester: { emulatorUrl: emulator.url, demoSettings: fromFile },
      secrets: [{ secret: fromFile.apiKeySecret, usernames: [fromFile.apiKeySID] }]
    })
    const { body, text } = await get(server, '/tester/config')
    expect(body.mode).toBe('emulator')
    expect(body.demoSecret).toBeUndefined()
    expect(text).not.toContain('a-secret-from-a-settings-file')
  })

  it('does not hand out the demo secret once it is registered as a secret to redact', () => {
    const config = testerConfig({ emulatorUrl: emulator.url, demoSettings }, [{ secret: demoSettings.apiKeySecret }])
    expect(config.demoSecret).toBeUndefined()
    expect(config.demoSettings).toEqual({ accountSID: demoSettings.accountSID, apiKeySID: demoSettings.apiKeySID })
  })

  it('live (no emulator): no settings at all, whatever the server knows', async () => {
    const server = await serve({
      secrets: [{ secret: LIVE_SECRET, usernames: [liveSettings.apiKeySID, liveSettings.accountSID] }],
      tester: { demoSettings: liveSettings }
    })
    const { body, text } = await get(server, '/tester/config')
    expect(body).toEqual({
      mode: 'live',
      note: expect.stringContaining('real Twilio'),
      region: 'us1',
      regions: REGION_INFOS,
      featureFlags: FEATURE_FLAGS
    })
    expect(text).not.toContain(LIVE_SECRET)
    expect(text).not.toContain(liveSettings.apiKeySID)
  })

  it('without tester options the page is told it is live', async () => {
    const server = await serve({})
    expect((await get(server, '/tester/config')).body.mode).toBe('live')
  })
})

describe('GET /tester/outbox', () => {
  it('lists what the emulator accepted, newest first, with its details', async () => {
    emulator.reset()
    const server = await serve({ tester: { emulatorUrl: emulator.url, demoSettings } })
    for (const body of ['first {{first_name}}', 'second {{first_name}}']) {
      const response = await fetch(`${server.url}/sendMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          payload: sampleEvent(),
          settings: demoSettings,
          mapping: { ...sampleMapping(), inlineBody: body }
        })
      })
      expect(response.status).toBe(200)
    }
    const { status, body } = await get(server, '/tester/outbox?limit=5')
    expect(status).toBe(200)
    expect(body.total).toBe(2)
    expect(body.messages.map((message: any) => message.body)).toEqual(['second Ada', 'first Ada'])
    expect(body.messages[0].emulator).toMatchObject({ channel: 'sms', media_urls: [] })
    expect((await get(server, '/tester/outbox?limit=1')).body.messages).toHaveLength(1)
  })

  it('is a clear 404 in live mode', async () => {
    const server = await serve({})
    const { status, body } = await get(server, '/tester/outbox')
    expect(status).toBe(404)
    expect(body.error).toMatch(/No outbox in live mode/)
  })

  it('says so when the emulator is gone', async () => {
    const gone = await startEmulator({ port: 0 })
    const url = gone.url
    await gone.close()
    const server = await serve({ tester: { emulatorUrl: url } })
    const { status, body } = await get(server, '/tester/outbox')
    expect(status).toBe(502)
    expect(body.error).toMatch(/emulator does not answer/)
  })

  it('unknown /tester routes are 404 with the list of routes', async () => {
    const server = await serve({})
    const { status, body } = await get(server, '/tester/nope')
    expect(status).toBe(404)
    expect(body.error).toContain('GET /tester/config')
  })
})

describe('the page', () => {
  it('GET / serves the tester page and its assets from the package', async () => {
    const server = await serve({})
    const page = await fetch(`${server.url}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    const html = await page.text()
    expect(html).toContain('mapping tester')
    // Offline: no asset from another host.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//)
    for (const asset of ['tester.js', 'tester.css', 'combobox.js', 'conditions.js', 'samples.js']) {
      const response = await fetch(`${server.url}/${asset}`)
      expect(response.status).toBe(200)
      // No module, stylesheet or font loaded from another host.
      expect(await response.text()).not.toMatch(
        /from\s+['"]https?:|import\(\s*['"]https?:|url\(\s*['"]?https?:|@import/
      )
    }
  })
})
