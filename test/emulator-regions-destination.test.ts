// The destination with Twilio Region settings, through targetTwilio, against the emulator: each region's sends,
// Test connection and dropdowns reach that region's hosts (the emulator keeps what they do apart), and what the
// region cannot send never leaves the destination.
import { createTestEvent, createTestIntegration } from '@segment/actions-core'
import type { DynamicFieldResponse, JSONObject } from '@segment/actions-core'
import type { DestinationSettings as Settings } from '../src/server/samples'
import { IE1_DEMO_CREDENTIALS, IE1_DEMO_NUMBERS } from '../src/emulator'
import { DEMO_CREDENTIALS } from '../src/emulator/seed'
import { RunningEmulator, startEmulator } from '../src/emulator/server'
import { emulatedDestination } from '../src/server/config'
import { settingsFor } from '../src/server/samples'

const IE1: Settings = { ...settingsFor(IE1_DEMO_CREDENTIALS), region: 'ie1' }
const US1: Settings = settingsFor(DEMO_CREDENTIALS)
const sms = {
  channel: 'SMS',
  senderType: 'Phone number',
  contentTemplateType: 'Inline',
  toPhoneNumber: '+447700900200',
  fromPhoneNumber: IE1_DEMO_NUMBERS.uk,
  inlineBody: 'Hello'
}

let emulator: RunningEmulator
const integrationOf = (url: string) => createTestIntegration(emulatedDestination(url))
let integration: ReturnType<typeof integrationOf>
let sent = 0

beforeEach(async () => {
  emulator = await startEmulator()
  integration = integrationOf(emulator.url)
})
afterEach(() => emulator.close())

const send = (settings: Settings, mapping: Record<string, unknown>) =>
  integration.testAction('sendMessage', {
    event: createTestEvent({ messageId: `regions-${++sent}` }),
    settings,
    mapping: mapping as JSONObject
  })

async function dropdown(field: string, settings: Settings, payload: Record<string, unknown>) {
  const response = (await integration.testDynamicField('sendMessage', field, {
    settings,
    payload
  })) as DynamicFieldResponse
  return response
}

describe('the destination in IE1, against the emulator', () => {
  it('sends an SMS that only IE1 holds', async () => {
    const [response] = await send(IE1, sms)
    expect(response.status).toBe(201)
    expect(emulator.regions.ie1.state.messages.map((message) => message.from)).toEqual([IE1_DEMO_NUMBERS.uk])
    expect(emulator.state.messages).toHaveLength(0)
  })

  it('refuses media before the emulator hears of it', async () => {
    await expect(send(IE1, { ...sms, inlineMediaUrls: ['https://example.com/a.png'] })).rejects.toThrow(/error 21670/)
    expect(emulator.regions.ie1.state.counters.requests).toBe(0)
  })

  it('Test connection passes with IE1 keys, and fails with US1 keys set to IE1', async () => {
    await expect(integration.testAuthentication(IE1)).resolves.not.toThrow()
    await expect(integration.testAuthentication({ ...US1, region: 'ie1' })).rejects.toThrow(
      /created in the Ireland region \(IE1\)/
    )
  })

  it('offers SMS only, IE1’s own numbers and Messaging Service', async () => {
    expect((await dropdown('channel', IE1, {})).choices.map((choice) => choice.value)).toEqual(['SMS'])
    const numbers = await dropdown('fromPhoneNumber', IE1, { channel: 'SMS' })
    expect(numbers.choices.map((choice) => choice.value)).toEqual([IE1_DEMO_NUMBERS.uk, IE1_DEMO_NUMBERS.ireland])
    const services = await dropdown('messagingServiceSid', IE1, { channel: 'SMS' })
    expect(services.choices.map((choice) => choice.label)).toEqual([
      expect.stringMatching(/^EU notifications \[MG[0-9a-f]{32}\]$/)
    ])
  })

  it('US1 settings keep sending in US1', async () => {
    const [response] = await send(US1, { ...sms, toPhoneNumber: '+14155551212', fromPhoneNumber: '+14155550100' })
    expect(response.status).toBe(201)
    expect(emulator.state.messages).toHaveLength(1)
    expect(emulator.regions.ie1.state.messages).toHaveLength(0)
  })

  it('an IE1 number with US1 settings is Twilio’s refusal (21663), answered by the US1 emulator', async () => {
    await expect(send(US1, sms)).rejects.toThrow(/21663/)
  })
})
