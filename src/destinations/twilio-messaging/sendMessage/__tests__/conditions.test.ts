// Every depends_on / required condition of the Send message action must name a field of the action, and compare
// channel, senderType and contentTemplateType against values the action (and its dropdowns) can produce.
import type { InputField } from '@segment/actions-core'
import action from '..'
import { CHANNELS, CONTENT_TEMPLATE_TYPES, INLINE, SENDER_TYPES, channelSpellings } from '../../twilio'

type Conditions = NonNullable<InputField['depends_on']>
interface FoundCondition {
  field: string
  kind: 'depends_on' | 'required'
  fieldKey: string
  value: unknown
}

const VALID_VALUES: Record<string, readonly string[]> = {
  channel: channelSpellings(CHANNELS),
  senderType: SENDER_TYPES,
  contentTemplateType: [INLINE, ...CONTENT_TEMPLATE_TYPES.map((type) => type.name)]
}

function collect(): FoundCondition[] {
  const found: FoundCondition[] = []
  for (const [field, definition] of Object.entries(action.fields)) {
    for (const kind of ['depends_on', 'required'] as const) {
      const value = definition[kind] as unknown
      if (!value || typeof value !== 'object') continue
      for (const condition of (value as Conditions).conditions) {
        const { fieldKey, value: compared } = condition as { fieldKey: string; value?: unknown }
        found.push({ field, kind, fieldKey, value: compared })
      }
    }
  }
  return found
}

describe('conditions of sendMessage', () => {
  const conditions = collect()

  it('has conditions to check', () => {
    expect(conditions.length).toBeGreaterThan(10)
  })

  it.each(conditions.map((c) => [`${c.field}.${c.kind} -> ${c.fieldKey}`, c] as const))(
    '%s names an existing field',
    (_name, condition) => {
      expect(Object.keys(action.fields)).toContain(condition.fieldKey)
      expect(condition.fieldKey).not.toBe(condition.field)
    }
  )

  it.each(
    conditions
      .filter((c) => c.fieldKey in VALID_VALUES)
      .map((c) => [`${c.field}.${c.kind} -> ${c.fieldKey} = ${JSON.stringify(c.value)}`, c] as const)
  )('%s compares with valid choices', (_name, condition) => {
    const values = Array.isArray(condition.value) ? condition.value : [condition.value]
    expect(values.length).toBeGreaterThan(0)
    for (const value of values) expect(VALID_VALUES[condition.fieldKey]).toContain(value)
  })

  it('declares a dropdown handler for every dynamic field and no handler for a missing field', () => {
    const handlers = Object.keys(action.dynamicFields ?? {})
    const dynamic = Object.entries(action.fields)
      .filter(([, definition]) => definition.dynamic)
      .map(([key]) => key)
    expect(handlers.sort()).toEqual(dynamic.sort())
  })
})
