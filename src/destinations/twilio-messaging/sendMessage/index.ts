import type { ActionDefinition } from '@segment/actions-core'
import type { Settings } from '../generated-types'
import type { Payload } from './generated-types'
import { fields } from './fields'
import { dynamicFields } from './dynamic-fields'
import { performBatch, messageIdOf } from './batch'
import { sendOnce } from './dedup'
import { buildOrRecorded } from './recorded-first'
import { assertUsableSettings } from './settings-check'
import { runtimeConfigError, runtimeConfigProblem } from './runtime-check'

const action: ActionDefinition<Settings, Payload> = {
  title: 'Send message',
  description:
    'Send an SMS, MMS, WhatsApp, RCS or Facebook Messenger message through Twilio, written inline or from a Twilio Content Template.',
  defaultSubscription: 'type = "track"',
  fields,
  dynamicFields,
  perform: async (request, data) => {
    const { payload, settings } = data
    assertUsableSettings(settings)
    const runtimeProblem = runtimeConfigProblem()
    if (runtimeProblem) throw runtimeConfigError(runtimeProblem)
    const event = rawEvent(data)
    const options = { messageId: messageIdOf(payload, event), stateContext: data.stateContext, logger: data.logger }
    const context = { event, mapping: (data as { rawMapping?: unknown }).rawMapping }
    const prepared = await buildOrRecorded(payload, context, settings, options)
    const outcome = prepared.recorded ?? (await sendOnce(request, settings, prepared.message, options))
    if (!outcome.ok) throw outcome.error
    if (outcome.response) return outcome.response
    const { sid, status } = outcome.message
    // A send without a usable answer that Twilio's list confirmed, or a redelivery answered from its record.
    return outcome.confirmedByReadback ? { sid, status, confirmedByReadback: true } : { sid, status, duplicate: true }
  },
  performBatch
}

/** actions-core passes the unmapped event as `rawData` but does not declare it in ExecuteInput. */
export function rawEvent(data: object): unknown {
  return (data as { rawData?: unknown }).rawData
}

export default action
