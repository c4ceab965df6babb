// Twilio's official Node SDK (`twilio` 6.2.0), configured with a region and edge as Twilio's docs tell its users,
// builds the regional host names itself ({product}.{edge}.{region}.twilio.com); here its requests reach the emulator
// unchanged, with that host in X-Twilio-Host (what src/twilio-target.ts does for the destination). The SDK, not this
// project, decides the hosts: the emulator must answer each as Twilio's region does.
import twilio from 'twilio'
import { EmulatorRequestClient, caught } from './helpers/twilio-sdk'
import { IE1_DEMO_CREDENTIALS, IE1_DEMO_NUMBERS } from '../src/emulator'
import { DEMO_CREDENTIALS } from '../src/emulator/seed'
import { RunningEmulator, startEmulator } from '../src/emulator/server'

const UK = IE1_DEMO_NUMBERS.uk
const TO = '+447700900200'

let emulator: RunningEmulator
beforeEach(async () => {
  emulator = await startEmulator()
})
afterEach(() => emulator.close())

function sdk(options: { region?: string; edge?: string }, credentials = IE1_DEMO_CREDENTIALS) {
  const httpClient = new EmulatorRequestClient(emulator.url)
  const client = twilio(credentials.apiKeySid, credentials.apiKeySecret, {
    accountSid: credentials.accountSid,
    httpClient,
    ...options
  })
  return { client, httpClient }
}

describe('the twilio SDK with region ie1 and edge dublin', () => {
  it('sends an SMS on api.dublin.ie1.twilio.com, kept in IE1 only', async () => {
    const { client, httpClient } = sdk({ region: 'ie1', edge: 'dublin' })
    const message = await client.messages.create({ to: TO, from: UK, body: 'Hello from Dublin' })
    expect(message).toMatchObject({ status: 'queued', from: UK, accountSid: DEMO_CREDENTIALS.accountSid })
    expect(httpClient.hosts).toEqual(['api.dublin.ie1.twilio.com'])
    expect(emulator.regions.ie1.state.messages.map((stored) => stored.sid)).toEqual([message.sid])
    expect(emulator.state.messages).toHaveLength(0)
    expect((await client.messages(message.sid).fetch()).body).toBe('Hello from Dublin')
  })

  it.each([
    ['media', { to: TO, from: UK, body: 'x', mediaUrl: ['https://example.com/a.png'] }, 21670],
    ['a Content Template', { to: TO, from: UK, contentSid: 'HX' + 'a'.repeat(32) }, 21671],
    ['a +1 sender', { to: TO, from: '+14155550100', body: 'x' }, 21663],
    ['a short code', { to: TO, from: '89757', body: 'x' }, 21663]
  ])('is refused %s as Twilio refuses it in IE1 (%s)', async (_name, params, code) => {
    const { client } = sdk({ region: 'ie1', edge: 'dublin' })
    expect(await caught(client.messages.create(params))).toMatchObject({ status: 400, code })
  })

  it('lists IE1’s numbers and Messaging Services on the regional api and messaging hosts', async () => {
    const { client, httpClient } = sdk({ region: 'ie1', edge: 'dublin' })
    const numbers = await client.incomingPhoneNumbers.list()
    expect(numbers.map((number) => number.phoneNumber)).toEqual([UK, IE1_DEMO_NUMBERS.ireland])
    const services = await client.messaging.v1.services.list()
    expect(services.map((service) => service.friendlyName)).toEqual(['EU notifications'])
    expect(httpClient.hosts).toEqual(['api.dublin.ie1.twilio.com', 'messaging.dublin.ie1.twilio.com'])
  })

  it('is refused with US1 credentials: API keys work in their own region only', async () => {
    const { client } = sdk({ region: 'ie1', edge: 'dublin' }, DEMO_CREDENTIALS)
    expect(await caught(client.messages.create({ to: TO, from: UK, body: 'x' }))).toMatchObject({
      status: 401,
      code: 20003
    })
  })
})

describe('the twilio SDK with other settings', () => {
  it('region ie1 without an edge builds the retired api.ie1.twilio.com, which answers nothing', async () => {
    const { client, httpClient } = sdk({ region: 'ie1' })
    expect(await caught(client.messages.create({ to: TO, from: UK, body: 'x' }))).toMatchObject({ status: 404 })
    expect(httpClient.hosts).toEqual(['api.ie1.twilio.com'])
  })

  it('edge ashburn alone reaches US1 on api.ashburn.us1.twilio.com with US1 credentials', async () => {
    const { client, httpClient } = sdk({ edge: 'ashburn' }, DEMO_CREDENTIALS)
    const message = await client.messages.create({ to: '+14155551212', from: '+14155550100', body: 'x' })
    expect(httpClient.hosts).toEqual(['api.ashburn.us1.twilio.com'])
    expect(emulator.state.messages.map((stored) => stored.sid)).toEqual([message.sid])
  })

  it('a US1 client cannot send from an IE1 number (21663)', async () => {
    const { client } = sdk({}, DEMO_CREDENTIALS)
    expect(await caught(client.messages.create({ to: TO, from: UK, body: 'x' }))).toMatchObject({ code: 21663 })
  })
})
