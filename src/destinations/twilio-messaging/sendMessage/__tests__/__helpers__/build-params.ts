// What the build-request tests build: buildMessageRequest's form parameters for a payload, with the table's event and
// the fixed clock (so the scheduling window is the same on every run).
import { buildMessageRequest } from '../../build-request'
import type { FormParams } from '../../build-request'
import type { Payload } from '../../generated-types'
import { CASE_EVENT } from './build-request-cases'
import { MG_SID, NOW } from '../../../__tests__/__helpers__/fixtures'

export const build = (payload: Payload): FormParams =>
  buildMessageRequest(payload, { event: CASE_EVENT, now: NOW }).params

/** The Messaging Service sender in place of the phone number, for the rules that need one. */
export const viaMessagingService = {
  senderType: 'Messaging Service',
  messagingServiceSid: MG_SID,
  fromPhoneNumber: undefined
}
