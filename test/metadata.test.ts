// scripts/metadata.ts writes the folder's metadata.json in the shape Segment's monorepo checks in.
import { destinationMetadata } from '../scripts/metadata'
import type { DestinationDefinition } from '@segment/actions-core'
import definition from '../src/destinations/twilio-messaging'

type Fields = Record<string, Record<string, unknown>>

function actionFields(def: DestinationDefinition<unknown>): Fields {
  const metadata = destinationMetadata(def) as { actions: Record<string, { fields: Fields }> }
  return metadata.actions.sendMessage.fields
}

describe('metadata.json', () => {
  it('writes plain-string choices as {label, value} and no choices as null', () => {
    const base = definition as DestinationDefinition<unknown>
    const action = base.actions.sendMessage
    const withChoices = {
      ...base,
      actions: {
        sendMessage: {
          ...action,
          fields: {
            ...action.fields,
            channel: { ...action.fields.channel, choices: ['SMS', 'MMS'] },
            senderType: { ...action.fields.senderType, choices: [] }
          }
        }
      }
    } as DestinationDefinition<unknown>
    const fields = actionFields(withChoices)
    expect(fields.channel.choices).toEqual([
      { label: 'SMS', value: 'SMS' },
      { label: 'MMS', value: 'MMS' }
    ])
    expect(fields.senderType.choices).toBeNull()
  })

  it('lists every field with the attributes of the monorepo file, in its order', () => {
    const fields = actionFields(definition as DestinationDefinition<unknown>)
    expect(Object.keys(fields.channel)).toEqual([
      'label',
      'description',
      'type',
      'required',
      'multiple',
      'allowNull',
      'dynamic',
      'default',
      'choices',
      'placeholder',
      'properties',
      'category',
      'depends_on',
      'readOnly',
      'hidden',
      'minimum',
      'maximum',
      'defaultObjectUI',
      'disabledInputMethods',
      'displayMode',
      'format',
      'additionalProperties'
    ])
    // A conditional requirement is written as the object it is; a field the live destination leaves optional as false.
    expect(fields.toMessengerUserId.required).toMatchObject({
      match: 'any',
      conditions: expect.arrayContaining([{ fieldKey: 'channel', operator: 'is', value: 'Messenger' }])
    })
    expect(fields.toPhoneNumber.required).toBe(false)
    expect(fields.messageId.hidden).toBe(true)
  })
})
