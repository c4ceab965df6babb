// The dropdowns answered without a request: Channel, and the sender and template types each channel offers.
import { templateTypesForChannel } from '../../twilio'
import type { Channel } from '../../twilio'
import { lookup, values } from './__helpers__/dynamic-field-lookup'
import { useNockedTwilio } from './__helpers__/lookup-environment'

useNockedTwilio()

describe('channel', () => {
  it('lists the channels with readable labels, no request; Messenger only under the live Messenger flag', async () => {
    const response = await lookup('channel')
    expect(values(response)).toEqual(['SMS', 'MMS', 'Whatsapp', 'RCS'])
    expect(response.choices.find((c) => c.value === 'Whatsapp')?.label).toBe('WhatsApp')
    expect(response.error).toBeUndefined()
    const flagged = await lookup('channel', {}, { features: { 'actions-twilio-messenger-facebook': true } })
    expect(values(flagged)).toEqual(['SMS', 'MMS', 'Whatsapp', 'RCS', 'Messenger'])
    expect(flagged.choices.find((c) => c.value === 'Messenger')?.label).toBe('Facebook Messenger')
    const off = await lookup('channel', {}, { features: { 'actions-twilio-messenger-facebook': false } })
    expect(values(off)).not.toContain('Messenger')
  })
})

describe('senderType', () => {
  it.each([
    ['SMS', ['Phone number', 'Messaging Service']],
    ['MMS', ['Phone number', 'Messaging Service']],
    ['Whatsapp', ['Phone number', 'Messaging Service']],
    ['Whatsapp', ['Phone number', 'Messaging Service']],
    ['rcs', ['Messaging Service']],
    ['Messenger', ['Facebook Page ID']]
  ])('channel %s offers %j', async (channel, expected) => {
    expect(values(await lookup('senderType', { channel }))).toEqual(expected)
  })

  it('asks for the channel first', async () => {
    const response = await lookup('senderType', {})
    expect(response.choices).toEqual([])
    expect(response.error?.code).toBe('CHANNEL_REQUIRED')
    expect(response.error?.message).toMatch(/Pick the Channel first/)
    expect((await lookup('senderType', { channel: 'Telegram' })).error?.code).toBe('CHANNEL_REQUIRED')
  })
})

describe('contentTemplateType', () => {
  it.each(['SMS', 'MMS', 'Whatsapp', 'RCS', 'Messenger'] as Channel[])('%s: Inline plus its types', async (channel) => {
    const response = await lookup('contentTemplateType', { channel: channel.toLowerCase() })
    expect(values(response)).toEqual(['Inline', ...templateTypesForChannel(channel).map((type) => type.name)])
  })

  it('SMS offers Text only; WhatsApp offers Catalog and Carousel as separate types', async () => {
    expect(values(await lookup('contentTemplateType', { channel: 'SMS' }))).toEqual(['Inline', 'Text'])
    const whatsapp = values(await lookup('contentTemplateType', { channel: 'Whatsapp' }))
    expect(whatsapp).toEqual(expect.arrayContaining(['Carousel', 'Catalog', 'WhatsApp Authentication']))
  })

  it('asks for the channel first', async () => {
    expect((await lookup('contentTemplateType', {})).error?.code).toBe('CHANNEL_REQUIRED')
  })
})
