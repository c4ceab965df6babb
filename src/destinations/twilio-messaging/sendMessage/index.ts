import type { ActionDefinition } from '@segment/actions-core'
import type { Settings } from '../generated-types'
import type { Payload } from './generated-types'
import { fields } from './fields'
import { dynamicFields } from './dynamic-fields'
import { createPerformBatch, messageIdOf } from './batch'
import { deliverOnce, delivery } from './dedup'
import { performBuildContext } from './flags'
import { rawEvent } from './framework'
import { buildOrRecorded } from './recorded-first'
import { assertUsableSettings } from './settings-check'
import { DEFAULT_TUNING, Deadline } from './tuning'
import type { Tuning } from './tuning'

/** The action with the given time budget (tuning.ts); the default export uses Segment's. */
export function createSendMessage(tuning: Tuning = DEFAULT_TUNING): ActionDefinition<Settings, Payload> {
  return {
    title: 'Send message',
    description:
      'Send an SMS, MMS, WhatsApp, RCS or Facebook Messenger message through Twilio, written inline or from a Twilio Content Template.',
    fields,
    dynamicFields,
    perform: async (request, data) => {
      const deadline = new Deadline(tuning, tuning.eventDeadlineMs)
      const { payload, settings } = data
      assertUsableSettings(settings)
      const d = delivery(request, settings, deadline, data)
      const context = performBuildContext(data, tuning)
      const prepared = await buildOrRecorded(payload, context, d, messageIdOf(payload, rawEvent(data)))
      const outcome = prepared.recorded ?? (await deliverOnce(d, prepared.event))
      if (!outcome.ok) throw outcome.error
      // What quiet hours decided, beside Twilio's message (a redelivery answered from its record decided nothing).
      const quietHours = prepared.recorded || outcome.duplicate ? undefined : prepared.event.message.quietHours
      const { sid, status } = outcome.message
      // A send without a usable answer that Twilio's list confirmed.
      if (outcome.confirmedByReadback)
        return { sid, status, confirmedByReadback: true, ...(quietHours && { quietHours }) }
      if (quietHours) return { ...outcome.message, quietHours }
      if (outcome.response) return outcome.response
      // A redelivery answered from its record.
      return { sid, status, duplicate: true }
    },
    performBatch: createPerformBatch(tuning)
  }
}

export default createSendMessage()
