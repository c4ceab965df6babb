// The fields of quiet hours (quiet-hours.ts): all optional and off unless Quiet Hours is turned on, so mappings saved
// before they existed send exactly as before.
import type { InputField } from '@segment/actions-core'

type DependsOnConditions = NonNullable<InputField['depends_on']>

/** The preset of Allowed Hours: the US federal rule on telephone solicitation, 47 CFR 64.1200(c)(1). */
export const US_FEDERAL = 'US federal'
export const CUSTOM = 'Custom'
export const US_FEDERAL_HOURS = { start: '08:00', end: '21:00' } as const

export const SCHEDULE = 'Schedule'
export const REFUSE = 'Refuse'

const quietHoursOn = { fieldKey: 'quietHours', operator: 'is', value: true } as const
const whenOn: DependsOnConditions = { conditions: [quietHoursOn] }
const whenCustom: DependsOnConditions = {
  match: 'all',
  conditions: [quietHoursOn, { fieldKey: 'quietHoursWindow', operator: 'is', value: CUSTOM }]
}

export const quietHoursFields: Record<string, InputField> = {
  quietHours: {
    label: 'Quiet Hours',
    description:
      "Hold messages back outside the allowed hours in the recipient's own time zone (US law allows telephone solicitation from 8 a.m. to 9 p.m. at the recipient's location; some states are stricter). Off unless turned on.",
    // No default: a mapping without it, saved before or after, is off, and stays as it was saved.
    type: 'boolean'
  },
  quietHoursWindow: {
    label: 'Allowed Hours',
    description: `When messages may reach the recipient, in their local time: \`${US_FEDERAL}\` (${US_FEDERAL_HOURS.start} to ${US_FEDERAL_HOURS.end}) or \`${CUSTOM}\` (Allowed From and Allowed Until).`,
    type: 'string',
    choices: [
      { value: US_FEDERAL, label: `US federal: ${US_FEDERAL_HOURS.start} to ${US_FEDERAL_HOURS.end}` },
      { value: CUSTOM, label: 'Custom: Allowed From and Allowed Until' }
    ],
    default: US_FEDERAL,
    depends_on: whenOn
  },
  quietHoursStart: {
    label: 'Allowed From',
    description:
      "The recipient's local time the allowed hours start, 24-hour `HH:MM`, for example `08:00` (Florida's rule: `08:00` to `20:00`).",
    type: 'string',
    placeholder: '08:00',
    depends_on: whenCustom
  },
  quietHoursEnd: {
    label: 'Allowed Until',
    description:
      'The local time the allowed hours end (not included), 24-hour `HH:MM`, for example `20:00`. Earlier than Allowed From, the hours cross midnight (`20:00` to `02:00`).',
    type: 'string',
    placeholder: '20:00',
    depends_on: whenCustom
  },
  recipientTimeZone: {
    label: 'Recipient Time Zone',
    description:
      "The recipient's IANA time zone, for example `America/Chicago`. Segment's libraries put the device's zone in `context.timezone`.",
    type: 'string',
    default: { '@path': '$.context.timezone' },
    depends_on: whenOn
  },
  fallbackTimeZone: {
    label: 'Fallback Time Zone',
    description:
      "The IANA time zone used when the recipient's is missing or not a zone (`GMT+2`, a typo), for example `America/New_York`. Leave empty to refuse such events with an error instead.",
    type: 'string',
    placeholder: 'America/New_York',
    depends_on: whenOn
  },
  quietHoursAction: {
    label: 'In Quiet Hours',
    description: `What happens to a message outside the allowed hours: \`${SCHEDULE}\` it for the next opening (needs the Messaging Service sender, as Twilio schedules only through one; any other sender refuses the event) or \`${REFUSE}\` it (not sent, a final error). Send At is checked too: \`${SCHEDULE}\` moves it to the next opening.`,
    type: 'string',
    choices: [
      { value: SCHEDULE, label: 'Schedule for the next opening' },
      { value: REFUSE, label: 'Refuse the event' }
    ],
    default: SCHEDULE,
    depends_on: whenOn
  }
}
