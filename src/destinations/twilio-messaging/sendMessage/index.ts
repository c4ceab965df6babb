import type { ActionDefinition } from '@segment/actions-core'
import type { Settings } from '../generated-types'
import type { Payload } from './generated-types'
import { fields } from './fields'
import { buildMessageRequest } from './build-request'
import { sendMessage } from './send'
import { dynamicFields } from './dynamic-fields'

const action: ActionDefinition<Settings, Payload> = {
  title: 'Send message',
  description:
    'Send an SMS, MMS, WhatsApp, RCS or Facebook Messenger message through Twilio, written inline or from a Twilio Content Template.',
  defaultSubscription: 'type = "track"',
  fields,
  dynamicFields,
  perform: (request, data) => {
    const { payload, settings } = data
    const message = buildMessageRequest(payload, { event: rawEvent(data) })
    return sendMessage(request, settings, message)
  }
}

/** actions-core passes the unmapped event as `rawData` but does not declare it in ExecuteInput. */
export function rawEvent(data: object): unknown {
  return (data as { rawData?: unknown }).rawData
}

export default action
