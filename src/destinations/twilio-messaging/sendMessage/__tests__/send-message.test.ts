// What Twilio receives from the sendMessage action: auth, content type, form fields, templates, media, schedules.
import { createTestIntegration } from '@segment/actions-core'
import destination from '../..'
import {
  BASIC_AUTH,
  HX_SID,
  MG_SID,
  NOW,
  SETTINGS,
  formEntries,
  headerText
} from '../../__tests__/__helpers__/fixtures'
import {
  baseMapping,
  event,
  expectMessage,
  send,
  twilioMessage,
  useNockedMessages
} from './__helpers__/send-message-harness'

// For the one test that sends its own event (send() gives each event a fresh messageId).
const testDestination = createTestIntegration(destination)

useNockedMessages()

describe('sendMessage: the request Twilio receives', () => {
  it('posts a form with basic auth to the account Messages resource and returns Twilio’s sid and status', async () => {
    const { scope, captured } = expectMessage()
    const responses = await send(baseMapping)
    expect(scope.isDone()).toBe(true)
    expect(headerText(captured[0].headers['authorization'])).toBe(BASIC_AUTH)
    expect(headerText(captured[0].headers['content-type'])).toMatch(/^application\/x-www-form-urlencoded/)
    expect(formEntries(captured[0].body)).toEqual([
      ['To', '+14155552671'],
      ['From', '+14155550100'],
      ['Body', 'Hello Ada']
    ])
    expect(responses[0].status).toBe(201)
    expect(responses[0].data).toMatchObject({ sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued' })
  })

  it('resolves @template mappings before the placeholder fill', async () => {
    const { captured } = expectMessage()
    await send({
      ...baseMapping,
      inlineBody: { '@template': 'Order {{properties.order_id}} for {{properties.first_name}}' }
    })
    expect(new URLSearchParams(captured[0].body).get('Body')).toBe('Order o-7 for Ada')
  })

  it('never reads braces that came from event data as placeholders', async () => {
    const { scope } = expectMessage()
    const sneaky = { ...event, properties: { ...event.properties, first_name: '{{context.traits.email}}' } }
    const attempt = testDestination.testAction('sendMessage', {
      event: { ...sneaky, messageId: 'evt-braces' },
      settings: SETTINGS,
      mapping: { ...baseMapping, inlineBody: { '@template': 'Hi {{properties.first_name}}' } }
    })
    await expect(attempt).rejects.toThrow(
      /Inline Template \(inlineBody\): the text the mapping produced from the event contains '\{\{' or '\}\}'/
    )
    expect(scope.isDone()).toBe(false)
  })

  it('sends MediaUrl as repeated keys', async () => {
    const { captured } = expectMessage()
    await send({
      ...baseMapping,
      channel: 'MMS',
      inlineMediaUrls: ['https://example.com/a.png', 'https://example.com/b.png']
    })
    const params = new URLSearchParams(captured[0].body)
    expect(params.getAll('MediaUrl')).toEqual(['https://example.com/a.png', 'https://example.com/b.png'])
  })

  it('sends a WhatsApp template with variables as a JSON string, values as mapped (the live flag off)', async () => {
    const { captured } = expectMessage()
    await send({
      ...baseMapping,
      channel: 'Whatsapp',
      contentTemplateType: 'Text',
      contentSid: `Welcome [${HX_SID}]`,
      contentVariables: { '1': { '@path': '$.properties.first_name' }, '2': 3 }
    })
    const params = new URLSearchParams(captured[0].body)
    expect(formEntries(params)).toEqual([
      ['To', 'whatsapp:+14155552671'],
      ['From', 'whatsapp:+14155550100'],
      ['ContentSid', HX_SID],
      ['ContentVariables', '{"1":"Ada","2":3}']
    ])
  })

  describe('with a fixed clock', () => {
    beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW.getTime()))
    afterEach(() => jest.restoreAllMocks())

    it('schedules through a Messaging Service in UTC with ScheduleType=fixed', async () => {
      const { captured } = expectMessage(201, twilioMessage({ status: 'scheduled' }))
      const responses = await send({
        ...baseMapping,
        channel: 'MMS',
        senderType: 'Messaging Service',
        messagingServiceSid: MG_SID,
        sendAt: '2026-11-27T10:00:00-05:00'
      })
      const params = new URLSearchParams(captured[0].body)
      expect(params.get('SendAt')).toBe('2026-11-27T15:00:00Z')
      expect(params.get('ScheduleType')).toBe('fixed')
      expect(params.get('From')).toBeNull()
      expect(responses[0].data).toMatchObject({ status: 'scheduled' })
    })

    it('refuses a schedule without a Messaging Service and sends nothing', async () => {
      const { scope } = expectMessage()
      await expect(send({ ...baseMapping, sendAt: '2026-11-27T10:00:00Z' })).rejects.toThrow(
        /Send At \(sendAt\) needs the Messaging Service sender/
      )
      expect(scope.isDone()).toBe(false)
    })
  })
})
