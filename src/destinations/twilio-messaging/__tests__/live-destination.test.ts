// Mappings saved in workspaces with Segment's live Twilio Messaging destination must keep working here: the same
// field keys, every value its dropdowns stored accepted, and every stored value driving the conditions (depends_on
// in the UI, conditional `required` at run time) as the canonical value does. __helpers__/live-destination.ts holds
// the live destination's shipped field definitions and stored values as data.
import { fieldsToJsonSchema, validateSchema } from '@segment/actions-core'
import type { InputField } from '@segment/actions-core'
import destination from '..'
import { buildMessageRequest } from '../sendMessage/build-request'
import { dynamicFields } from '../sendMessage/dynamic-fields'
import { HX_SID, MG_SID, NOW } from './__helpers__/fixtures'
import live from './__helpers__/live-destination'

const fields = destination.actions.sendMessage.fields as Record<string, InputField>
const saved = live.savedValues

type Mapping = Record<string, unknown>
type DependsOnConditions = NonNullable<InputField['depends_on']>

/**
 * Whether a field shows for these values, as Segment's mapping UI reads `depends_on` (actions-core's
 * DependsOnConditions: `match` defaults to all; `is` with a list means "one of").
 */
function shows(conditions: DependsOnConditions | undefined, values: Mapping): boolean {
  if (!conditions) return true
  const results = conditions.conditions.map((condition) => {
    const { fieldKey, operator, value } = condition as { fieldKey: string; operator: 'is' | 'is_not'; value: unknown }
    const actual = values[fieldKey]
    const equal = Array.isArray(value) ? value.includes(actual) : value === actual
    return operator === 'is' ? equal : !equal
  })
  return conditions.match === 'any' ? results.some(Boolean) : results.every(Boolean)
}

/** An inline message with every sender and recipient field filled, so any channel and sender type can send it. */
function inlinePayload(channel: string, senderType: string) {
  return {
    channel,
    senderType,
    contentTemplateType: 'Inline',
    toPhoneNumber: '+14155552671',
    toMessengerUserId: '42',
    fromPhoneNumber: '+14155550100',
    fromFacebookPageId: '7',
    messagingServiceSid: MG_SID,
    inlineBody: 'Hi'
  }
}

const schema = fieldsToJsonSchema(fields)
/** Which fields the run-time schema reports missing for a payload (the conditional `required` rules). */
function missingFields(payload: Mapping): string[] {
  try {
    validateSchema(payload, schema, { schemaKey: `live-destination-test:${JSON.stringify(payload)}` })
    return []
  } catch (error) {
    return [...String((error as Error).message).matchAll(/required field '([^']+)'/g)].map((match) => match[1])
  }
}

describe("mappings saved with Segment's live destination", () => {
  it('keep every settings key and field key', () => {
    for (const key of live.settings) expect(Object.keys(destination.authentication?.fields ?? {})).toContain(key)
    for (const key of Object.keys(live.fields)) expect(Object.keys(fields)).toContain(key)
  })

  it('need no new setting: each one the live destination lacks is optional, and empty keeps its behaviour', () => {
    const added = Object.entries(destination.authentication?.fields ?? {}).filter(
      ([key]) => !(live.settings as readonly string[]).includes(key)
    )
    // Twilio Region and Edge Location (issue 19): empty means US1 on api.twilio.com, as every saved setting has it.
    expect(added.map(([key]) => key).sort()).toEqual(['edge', 'region'])
    for (const [key, field] of added) expect([key, Boolean(field.required)]).toEqual([key, false])
    expect(destination.authentication?.fields.region.default).toBe('us1')
  })

  it('keep the type and multiplicity of every field', () => {
    for (const [key, shipped] of Object.entries(live.fields)) {
      const ours = fields[key]
      expect([key, ours.type, Boolean(ours.multiple)]).toEqual([key, shipped.type, shipped.multiple])
    }
  })

  it("require no field the live destination leaves optional (the monorepo's Required Field Check)", () => {
    // Any truthy `required` counts there, conditions included: ours must be absent, or the live one exactly.
    const normalise = (required: unknown) =>
      typeof required === 'object' && required !== null
        ? JSON.stringify(
            (required as { conditions: Array<{ fieldKey: string; operator: string; value: unknown }> }).conditions.map(
              ({ fieldKey, operator, value }) => [fieldKey, operator, value]
            )
          )
        : Boolean(required)
    for (const [key, field] of Object.entries(fields)) {
      const shipped = (live.fields as Record<string, { required: unknown }>)[key]
      if (!field.required) continue
      expect([key, normalise(field.required)]).toEqual([key, normalise(shipped?.required ?? false)])
    }
    expect(destination.actions.sendMessage.defaultSubscription).toBeUndefined()
  })

  it('offer every stored channel value, unchanged, in the Channel dropdown (Messenger under its live flag)', async () => {
    const channelChoices = dynamicFields.channel as NonNullable<typeof dynamicFields.channel>
    const features = { 'actions-twilio-messenger-facebook': true }
    const answer = await channelChoices(jest.fn() as never, { settings: {}, payload: {}, features } as never)
    expect(answer.choices.map((choice) => choice.value)).toEqual(saved.channel)
    expect(answer.choices.find((choice) => choice.value === 'Whatsapp')?.label).toBe('WhatsApp')
  })

  it.each(saved.channel)('accept the stored channel %s when sending', (channel) => {
    const messenger = channel === 'Messenger'
    const payload = inlinePayload(
      channel,
      messenger ? 'Facebook Page ID' : channel === 'RCS' ? 'Messaging Service' : 'Phone number'
    )
    const { channel: sentOn, params } = buildMessageRequest(payload, { now: NOW })
    expect(sentOn).toBe(channel)
    if (channel === 'Whatsapp') expect(params).toContainEqual(['To', 'whatsapp:+14155552671'])
  })

  it.each(saved.senderType)('offer and accept the stored sender type %s', async (senderType) => {
    const senderChoices = dynamicFields.senderType as NonNullable<typeof dynamicFields.senderType>
    const channel = senderType === 'Facebook Page ID' ? 'Messenger' : 'SMS'
    const answer = await senderChoices(jest.fn() as never, { settings: {}, payload: { channel } } as never)
    expect(answer.choices.map((choice) => choice.value)).toContain(senderType)
    const payload = inlinePayload(channel, senderType)
    const { senderType: sentAs, params } = buildMessageRequest(payload, { now: NOW })
    expect(sentAs).toBe(senderType)
    expect(params.some(([name]) => name === 'From' || name === 'MessagingServiceSid')).toBe(true)
  })

  it.each(saved.contentTemplateType.filter((type) => type !== 'Inline'))(
    'accept the stored template type %s on WhatsApp',
    (contentTemplateType) => {
      const payload = {
        channel: 'Whatsapp',
        senderType: 'Phone number',
        contentTemplateType,
        toPhoneNumber: '+14155552671',
        fromPhoneNumber: '+14155550100',
        contentSid: HX_SID
      }
      expect(buildMessageRequest(payload, { now: NOW }).params).toContainEqual(['ContentSid', HX_SID])
    }
  )

  describe('a stored channel drives the same conditions as the value this project uses', () => {
    const senderTypes = saved.senderType
    const templateTypes = ['Inline', 'Text']
    const combinations = saved.channel.flatMap((channel) =>
      senderTypes.flatMap((senderType) => templateTypes.map((type) => ({ channel, senderType, type })))
    )

    it.each(combinations)('$channel / $senderType / $type: the same fields show', ({ channel, senderType, type }) => {
      const values = { channel, senderType, contentTemplateType: type }
      const spelledAsLabel = { ...values, channel: channel === 'Whatsapp' ? 'WhatsApp' : channel }
      for (const [key, field] of Object.entries(fields)) {
        expect([key, shows(field.depends_on, values)]).toEqual([key, shows(field.depends_on, spelledAsLabel)])
      }
    })

    it('shows Inline Media URLs for a stored WhatsApp mapping, as for MMS, and hides them for SMS', () => {
      const inline = { senderType: 'Phone number', contentTemplateType: 'Inline' }
      expect(shows(fields.inlineMediaUrls.depends_on, { ...inline, channel: 'Whatsapp' })).toBe(true)
      expect(shows(fields.inlineMediaUrls.depends_on, { ...inline, channel: 'MMS' })).toBe(true)
      expect(shows(fields.inlineMediaUrls.depends_on, { ...inline, channel: 'SMS' })).toBe(false)
    })

    it.each(saved.channel.filter((channel) => channel !== 'Messenger'))(
      'a stored %s mapping without To Phone Number passes the schema, as in the live destination, and perform names the field',
      (channel) => {
        const sender = channel === 'RCS' ? { senderType: 'Messaging Service', messagingServiceSid: MG_SID } : {}
        const payload = {
          channel,
          senderType: 'Phone number',
          contentTemplateType: 'Inline',
          inlineBody: 'Hi',
          ...sender
        }
        expect(missingFields({ ...payload, fromPhoneNumber: '+14155550100' })).toEqual([])
        expect(() => buildMessageRequest({ ...payload, fromPhoneNumber: '+14155550100' }, { now: NOW })).toThrow(
          /To Phone Number \(toPhoneNumber\) is required for .*: map it to the recipient's phone number/
        )
      }
    )

    it('requires the Messenger fields at run time for a stored Messenger mapping', () => {
      const payload = { channel: 'Messenger', senderType: 'Facebook Page ID', contentTemplateType: 'Inline' }
      expect(missingFields({ ...payload, inlineBody: 'Hi' })).toEqual(
        expect.arrayContaining(['toMessengerUserId', 'fromFacebookPageId'])
      )
    })
  })
})
