// `npm start -- --region ie1`: the EU data residency setup rehearsed offline. The settings are the IE1 demo keys
// with region ie1, the emulator plays api.dublin.ie1.twilio.com, and the printed sample sends from the IE1 number.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { IE1_DEMO_CREDENTIALS, IE1_DEMO_NUMBERS } from '../../src/emulator'
import { sampleRequestBody } from '../../src/server/samples'
import { parseStartArgs, start } from '../../src/server/start'

jest.setTimeout(60000)

describe('npm start -- --region', () => {
  it('reads --region us1 / ie1 and refuses anything else, naming the flag', () => {
    expect(parseStartArgs([], {}).region).toBeUndefined()
    expect(parseStartArgs(['--region', 'ie1'], {}).region).toBe('ie1')
    expect(parseStartArgs(['--region=IE1'], {}).region).toBe('ie1')
    expect(parseStartArgs(['--region', 'us1'], {}).region).toBe('us1')
    expect(() => parseStartArgs(['--region', 'eu1'], {})).toThrow('--region must be us1 or ie1 (got "eu1").')
  })

  it('ie1: IE1 demo settings, the banner names the region, and the sample lands in IE1 only', async () => {
    const started = await start({ port: 0, live: false, region: 'ie1' }, () => undefined)
    try {
      const { target, banner, devServer } = started
      expect(target.region).toBe('ie1')
      expect(target.settings).toMatchObject({ apiKeySID: IE1_DEMO_CREDENTIALS.apiKeySid, region: 'ie1' })
      expect(banner).toContain(
        'Twilio region    the Ireland region (IE1), played offline as https://api.dublin.ie1.twilio.com'
      )
      expect(banner).toContain(`an SMS from the demo number ${IE1_DEMO_NUMBERS.uk}`)
      expect(banner).toContain('/__emulator/regions/ie1/messages')
      // What the printed curl posts.
      const response = await fetch(`${devServer.url}/sendMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(sampleRequestBody(target.settings))
      })
      expect(response.status).toBe(200)
      const emulator = target.emulator!
      expect(emulator.regions.ie1.state.messages.map((message) => message.from)).toEqual([IE1_DEMO_NUMBERS.uk])
      expect(emulator.state.messages).toHaveLength(0)
      // The page is told the region, and its outbox reads IE1's messages.
      const config = (await (await fetch(`${devServer.url}/tester/config`)).json()) as Record<string, unknown>
      expect(config).toMatchObject({ region: 'ie1', demoSettings: { region: 'ie1' } })
      const outbox = (await (await fetch(`${devServer.url}/tester/outbox`)).json()) as { total: number }
      expect(outbox.total).toBe(1)
    } finally {
      await started.stop()
    }
  })

  it('a settings file with region ie1 rehearses IE1 with its credentials; a bad region in it is refused', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'start-region-'))
    const file = path.join(dir, 'settings.json')
    const own = { accountSID: 'AC' + 'e'.repeat(32), apiKeySID: 'SK' + 'f'.repeat(32), apiKeySecret: 'own-ie1-secret' }
    try {
      writeFileSync(file, JSON.stringify({ ...own, region: 'ie1' }))
      const started = await start({ port: 0, live: false, settingsFile: file }, () => undefined)
      try {
        expect(started.target.region).toBe('ie1')
        expect(started.target.emulator!.regions.ie1.credentials).toMatchObject({
          accountSid: own.accountSID,
          apiKeySid: own.apiKeySID
        })
        expect(started.banner).not.toContain('own-ie1-secret')
      } finally {
        await started.stop()
      }
      writeFileSync(file, JSON.stringify({ ...own, region: 'eu1' }))
      await expect(start({ port: 0, live: false, settingsFile: file }, () => undefined)).rejects.toThrow(
        /Twilio Region \(region\) "eu1" .*\(settings file .*settings\.json\)/
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
