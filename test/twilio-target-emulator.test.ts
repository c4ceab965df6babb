// targetTwilio with the Twilio Messaging destination itself, through actions-core against the emulator on loopback:
// the credential check, perform, performBatch, dynamic fields on each Twilio host (following next-page links) and an
// object field's keys all reach the emulator, and nothing leaves the machine.
import { useLoopbackOnly } from './helpers/loopback-only'
import { createTestIntegration } from '@segment/actions-core'
import type { DynamicFieldResponse } from '@segment/actions-core'
import destination from '../src/destinations/twilio-messaging'
import type { Settings } from '../src/destinations/twilio-messaging/generated-types'
import { clearMemoryDedup } from '../src/destinations/twilio-messaging/sendMessage/dedup'
import { DEMO_CREDENTIALS, startEmulator, type RunningEmulator } from '../src/emulator'
import { targetTwilio } from '../src/twilio-target'
import { settingsFor } from '../src/server/samples'

useLoopbackOnly()

describe('targetTwilio on the Twilio Messaging destination, against the emulator', () => {
  let emulator: RunningEmulator
  const settings: Settings = settingsFor(DEMO_CREDENTIALS)
  const mapping = {
    channel: 'SMS',
    senderType: 'Phone number',
    contentTemplateType: 'Inline',
    fromPhoneNumber: '+14155550100',
    inlineBody: 'Order {{properties.order_id}} shipped'
  }
  const event = (i: number) => ({
    type: 'track' as const,
    event: 'Order Shipped',
    messageId: `target-${process.pid}-${Date.now()}-${i}`,
    properties: { phone: `+1415555${2000 + i}`, order_id: String(i) }
  })

  beforeAll(async () => {
    // Nothing may leave the machine: a request that still went to Twilio's hosts would fail here.
    // More numbers than one page of the From dropdown's list (1,000), so it follows a next-page link.
    emulator = await startEmulator({ port: 0, seed: { extraPhoneNumbers: 1100 } })
  })
  afterAll(async () => {
    await emulator.close()
  })
  beforeEach(() => {
    emulator.reset()
    clearMemoryDedup()
  })

  const targeted = () => createTestIntegration(targetTwilio(destination, emulator.url))

  async function dynamicField(field: string, payload: Record<string, unknown>): Promise<DynamicFieldResponse> {
    const response = await targeted().testDynamicField('sendMessage', field, { settings, payload })
    if (Array.isArray(response)) throw new Error(`No dynamic field handler for ${field}`)
    return response
  }

  it('authentication: the credential check asks the emulator', async () => {
    await targeted().testAuthentication(settings)
    expect(emulator.state.counters.requests).toBe(1)
    await expect(targeted().testAuthentication({ ...settings, apiKeySecret: 'wrong-secret' })).rejects.toThrow(
      /Twilio rejected the credentials/
    )
    expect(emulator.state.counters.unauthorized).toBe(1)
  })

  it('perform: the message is created on the emulator', async () => {
    const testDestination = targeted()
    const responses = await testDestination.testAction('sendMessage', {
      event: event(1),
      settings,
      mapping,
      useDefaultMappings: true
    })
    expect(responses.map((response) => response.url)).toEqual([
      `${emulator.url}/2010-04-01/Accounts/${DEMO_CREDENTIALS.accountSid}/Messages.json`
    ])
    expect(emulator.state.messages.map((message) => message.to)).toEqual(['+14155552001'])
  })

  it('performBatch: every message of the batch is created on the emulator', async () => {
    const testDestination = targeted()
    await testDestination.testBatchAction('sendMessage', {
      events: [event(2), event(3), event(4)],
      settings,
      mapping,
      useDefaultMappings: true
    })
    const results = (testDestination.results[0] as { multistatus: Array<{ status: number }> }).multistatus
    expect(results.map((entry) => entry.status)).toEqual([201, 201, 201])
    expect(emulator.state.messages.map((message) => message.to).sort()).toEqual([
      '+14155552002',
      '+14155552003',
      '+14155552004'
    ])
  })

  it('dynamic fields on each Twilio host, following the 2010 next-page link', async () => {
    const numbers = await dynamicField('fromPhoneNumber', { channel: 'SMS' })
    expect(numbers.error).toBeUndefined()
    expect(numbers.choices.length).toBeGreaterThan(1000)
    expect(numbers.choices.map((choice) => choice.value)).toContain('+14155550100')
    // Two pages of numbers and one of short codes, all on the emulator.
    expect(emulator.state.counters.requests).toBe(3)

    const services = await dynamicField('messagingServiceSid', {})
    expect(services.error).toBeUndefined()
    expect(services.choices.map((choice) => choice.label).join('\n')).toMatch(/\[MG[0-9a-f]{32}\]/)

    const senders = await dynamicField('fromPhoneNumber', { channel: 'Whatsapp' })
    expect(senders.choices.map((choice) => choice.value)).toEqual(['+14155550123'])

    const templates = await dynamicField('contentSid', { channel: 'SMS', contentTemplateType: 'Text' })
    expect(templates.error).toBeUndefined()
    const template = templates.choices.find((choice) => /^order_confirmation/.test(choice.label))
    expect(template).toBeDefined()
    expect(emulator.state.counters.requests).toBe(6)
  })

  it('an object field (contentVariables.__keys__) reads the template from the emulator', async () => {
    const templates = await dynamicField('contentSid', { channel: 'SMS', contentTemplateType: 'Text' })
    const contentSid = /HX[0-9a-f]{32}/.exec(
      String(templates.choices.find((choice) => /^order_confirmation/.test(choice.label))?.value)
    )?.[0]
    expect(contentSid).toBeDefined()
    const keys = await dynamicField('contentVariables.__keys__', { contentSid })
    expect(keys.error).toBeUndefined()
    expect(keys.choices.map((choice) => choice.value)).toContain('1')
    expect(emulator.state.counters.requests).toBe(2)
  })
})
