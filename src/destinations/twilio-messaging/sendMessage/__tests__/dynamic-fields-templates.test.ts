// The template dropdowns: Content Template SID by channel and type (WhatsApp with approvals), and the variable names
// of the chosen template.
import nock from 'nock'
import { CONTENT_TEMPLATE_TYPES, templateTypesForChannel } from '../../twilio'
import type { Channel } from '../../twilio'
import { ACCOUNT_SID, CONTENT, TYPE_BODIES, sid, template } from '../../__tests__/__helpers__/twilio-lists'
import { lookup, mockV1List, values } from './__helpers__/dynamic-field-lookup'
import { useNockedTwilio } from './__helpers__/lookup-environment'

useNockedTwilio()

describe('contentSid', () => {
  const everyType = CONTENT_TEMPLATE_TYPES.map((type, i) =>
    template(i + 1, { [type.twilioType]: TYPE_BODIES[type.twilioType] }, { name: `${type.name} template` })
  )
  const pairs = (['SMS', 'MMS', 'RCS', 'Messenger', 'Whatsapp'] as Channel[]).flatMap((channel) =>
    templateTypesForChannel(channel).map((type) => [channel, type.name, type.twilioType] as const)
  )

  it.each(pairs)('%s / %s lists exactly the %s templates', async (channel, typeName, twilioType) => {
    const whatsapp = channel === 'Whatsapp'
    const items = whatsapp
      ? everyType.map((item) => ({ ...item, approval_requests: { status: 'approved' } }))
      : everyType
    mockV1List(CONTENT, whatsapp ? '/v1/ContentAndApprovals' : '/v1/Content', 'contents', items, whatsapp ? 500 : 1000)
    const response = await lookup('contentSid', { channel, contentTemplateType: typeName })
    expect(response.error).toBeUndefined()
    const index = CONTENT_TEMPLATE_TYPES.findIndex((type) => type.twilioType === twilioType)
    expect(values(response)).toEqual([`${typeName} template [${sid('HX', index + 1)}]`])
  })

  it('Carousel is twilio/carousel, not the catalog', async () => {
    mockV1List(CONTENT, '/v1/ContentAndApprovals', 'contents', everyType, 500)
    const response = await lookup('contentSid', { channel: 'whatsapp', contentTemplateType: 'carousel' })
    expect(response.choices.map((c) => c.label)).toEqual([expect.stringMatching(/^Carousel template \[HX/)])
  })

  it('a type the channel does not support: an error and no request', async () => {
    const response = await lookup('contentSid', { channel: 'SMS', contentTemplateType: 'Carousel' })
    expect(response.error?.code).toBe('TEMPLATE_TYPE_UNSUPPORTED')
    expect((await lookup('contentSid', { channel: 'SMS', contentTemplateType: 'Inline' })).error?.code).toBe(
      'TEMPLATE_TYPE_INLINE'
    )
    expect((await lookup('contentSid', { channel: 'SMS' })).error?.code).toBe('TEMPLATE_TYPE_REQUIRED')
  })

  it('WhatsApp: approval status in the description, approved first, both approval shapes, 500 per page', async () => {
    const text = { 'twilio/text': { body: 'Hi {{1}}' } }
    const items = [
      template(1, text, { name: 'Alpha', approval: { status: 'rejected', name: 'alpha' } }),
      template(2, text, { name: 'Bravo', approval: { whatsapp: { status: 'approved', name: 'bravo' } } }),
      template(3, text, { name: 'Charlie', approval: { status: 'pending' } }),
      template(4, text, { name: 'Delta', approval: { status: 'unsubmitted' } }),
      template(5, text, { name: 'Echo', approval: { status: 'APPROVED' } }),
      template(6, text, { name: 'Foxtrot' }),
      template(7, text, { name: 'Golf', approval: { whatsapp: { status: 'paused' } } })
    ]
    // 7 templates over pages of 500 would be one page: spread them over three to prove pagination too.
    const filler = Array.from({ length: 1000 }, (_, i) =>
      template(100 + i, { 'twilio/media': { body: 'x', media: ['https://x.example/a.png'] } })
    )
    mockV1List(
      CONTENT,
      '/v1/ContentAndApprovals',
      'contents',
      [...filler.slice(0, 499), ...items, ...filler.slice(499)],
      500
    )
    const response = await lookup('contentSid', { channel: 'Whatsapp', contentTemplateType: 'Text' })
    expect(response.choices.map((c) => c.label.replace(/ \[.*$/, ''))).toEqual([
      'Bravo',
      'Echo',
      'Charlie',
      'Delta',
      'Golf',
      'Alpha',
      'Foxtrot'
    ])
    const description = (name: string) => response.choices.find((c) => c.label.startsWith(name))?.description
    expect(description('Bravo')).toBe('Text · approved for WhatsApp · language en')
    expect(description('Alpha')).toBe('Text · rejected by WhatsApp · language en')
    expect(description('Charlie')).toMatch(/pending/)
    expect(description('Foxtrot')).toMatch(/no WhatsApp approval data/)
    for (const choice of response.choices) expect(choice.label).toBe(choice.value)
  })

  it('reads plain Content for other channels, all pages', async () => {
    const items = Array.from({ length: 1200 }, (_, i) => template(i, { 'twilio/text': { body: `Hello ${i}` } }))
    mockV1List(CONTENT, '/v1/Content', 'contents', items, 1000)
    const response = await lookup('contentSid', { channel: 'SMS', contentTemplateType: 'Text' })
    expect(response.choices).toHaveLength(1200)
    expect(response.choices[0].description).toBe('Text · language en')
  })

  it('empty account and no template of the type', async () => {
    mockV1List(CONTENT, '/v1/Content', 'contents', [], 1000)
    expect((await lookup('contentSid', { channel: 'RCS', contentTemplateType: 'Card' })).error?.code).toBe(
      'EMPTY_ACCOUNT'
    )
    mockV1List(CONTENT, '/v1/Content', 'contents', [template(1, { 'twilio/text': { body: 'x' } })], 1000)
    const response = await lookup('contentSid', { channel: 'RCS', contentTemplateType: 'Card' })
    expect(response.error?.code).toBe('NO_MATCHING_TEMPLATES')
    expect(response.error?.message).toMatch(/twilio\/card/)
  })
})

describe('contentVariables.__keys__', () => {
  const HX = sid('HX', 42)

  it('lists each variable once (variables and placeholders in every type), minus those already mapped', async () => {
    nock(CONTENT)
      .get(`/v1/Content/${HX}`)
      .times(2)
      .reply(
        200,
        template(
          42,
          {
            'twilio/text': { body: 'Hi {{1}}, {{1}} again, {{ 2 }} and {{name}}' },
            'twilio/card': {
              title: '{{name}}',
              subtitle: 'Order {{10}}',
              actions: [{ url: 'https://x.example/{{2}}' }]
            }
          },
          { variables: { '1': 'Customer', '3': 'default three' } }
        )
      )
    const all = await lookup('contentVariables.__keys__', { contentSid: `Welcome [${HX}]` })
    expect(values(all)).toEqual(['1', '2', '3', '10', 'name'])
    expect(all.choices[0].description).toBe('Template default: Customer')

    const rest = await lookup('contentVariables.__keys__', {
      contentSid: HX,
      contentVariables: { '1': 'x', name: 'y' }
    })
    expect(values(rest)).toEqual(['2', '3', '10'])
  })

  it('a template without variables says so', async () => {
    nock(CONTENT)
      .get(`/v1/Content/${HX}`)
      .reply(200, template(42, { 'twilio/text': { body: 'Plain' } }))
    expect((await lookup('contentVariables.__keys__', { contentSid: HX })).error?.code).toBe('NO_VARIABLES')
  })

  it('asks for the template first', async () => {
    expect((await lookup('contentVariables.__keys__', {})).error?.code).toBe('CONTENT_SID_REQUIRED')
  })

  it.each([
    '../../2010-04-01/Accounts/' + ACCOUNT_SID + '/Messages.json',
    `Welcome [../../v1/Services]`,
    `${HX}/../../v1/Services`,
    `${HX}?PageSize=1`,
    '%2e%2e%2fv1%2fContent',
    `HX${'g'.repeat(32)}`,
    HX.slice(0, -1)
  ])('path injection %j: an error response and no request', async (contentSid) => {
    const trap = nock(/.*/).get(/.*/).reply(200, {})
    const response = await lookup('contentVariables.__keys__', { contentSid })
    expect(response.choices).toEqual([])
    expect(response.error?.code).toBe('INVALID_SID')
    expect(trap.isDone()).toBe(false)
    nock.cleanAll()
  })
})
