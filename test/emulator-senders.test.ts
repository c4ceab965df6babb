// The emulator's Senders API (GET /v2/Channels/Senders) behind the From Phone Number dropdown for WhatsApp, and the
// dropdown itself against it end to end. Response shapes are checked against the spec in emulator-schema.test.ts.
import { createTestIntegration, type DynamicFieldResponse } from '@segment/actions-core'
import destination from '../src/destinations/twilio-messaging'
import { DEMO_CREDENTIALS, startEmulator, type RunningEmulator } from '../src/emulator'
import { senderSid } from '../src/emulator/senders'
import { targetTwilio } from '../src/twilio-target'
import { basicAuth, getJson } from './emulator-helpers'
import { settingsFor } from '../src/server/samples'

let emulator: RunningEmulator

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 })
})
afterAll(async () => {
  await emulator.close()
})

describe('GET /v2/Channels/Senders on the emulator', () => {
  it("lists the demo account's WhatsApp sender, online, with a stable XE SID", async () => {
    const response = await getJson(emulator, '/v2/Channels/Senders?Channel=whatsapp')
    expect(response.status).toBe(200)
    expect(response.body.senders).toEqual([
      expect.objectContaining({
        sid: senderSid('+14155550123'),
        status: 'ONLINE',
        sender_id: 'whatsapp:+14155550123',
        url: `${emulator.url}/v2/Channels/Senders/${senderSid('+14155550123')}`
      })
    ])
    expect(senderSid('+14155550123')).toMatch(/^XE[0-9a-f]{32}$/)
    expect(response.body.meta).toMatchObject({ key: 'senders', page: 0, page_size: 50, next_page_url: null })
  })

  it('needs the Channel filter (a required parameter) and lists nothing for a channel without senders', async () => {
    const missing = await getJson(emulator, '/v2/Channels/Senders')
    expect(missing.status).toBe(400)
    expect(missing.body).toMatchObject({ status: 400, message: expect.stringContaining('Channel') })
    const rcs = await getJson(emulator, '/v2/Channels/Senders?Channel=rcs')
    expect(rcs.body.senders).toEqual([])
  })

  it('authenticates like every Twilio route', async () => {
    const response = await getJson(emulator, '/v2/Channels/Senders?Channel=whatsapp', basicAuth('SKnope', 'nope'))
    expect(response.status).toBe(401)
    expect(response.body.code).toBe(20003)
  })
})

describe('the From Phone Number dropdown against the emulator', () => {
  it('WhatsApp lists the sender the emulator accepts as From', async () => {
    const testDestination = createTestIntegration(targetTwilio(destination, emulator.url))
    const response = (await testDestination.testDynamicField('sendMessage', 'fromPhoneNumber', {
      settings: settingsFor(DEMO_CREDENTIALS),
      payload: { channel: 'Whatsapp' }
    })) as DynamicFieldResponse
    expect(response.error).toBeUndefined()
    expect(response.choices).toEqual([
      expect.objectContaining({ value: '+14155550123', description: 'WhatsApp sender · online' })
    ])
  })
})
