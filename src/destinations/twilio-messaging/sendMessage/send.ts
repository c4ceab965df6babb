import type { ModifiedResponse, RequestClient } from '@segment/actions-core'
import type { Settings } from '../generated-types'
import { messagesUrl, parseTwilioErrorBody, twilioError } from '../twilio'
import type { MessageRequest } from './build-request'

export interface TwilioMessage {
  sid: string
  status: string
  [key: string]: unknown
}

/** The Create Message call: form-encoded, Twilio's error body turned into the matching action error. */
export async function sendMessage(
  request: RequestClient,
  settings: Settings,
  message: MessageRequest
): Promise<ModifiedResponse<TwilioMessage>> {
  const response = await request<TwilioMessage>(messagesUrl(settings.accountSID), {
    method: 'POST',
    // URLSearchParams makes the client send application/x-www-form-urlencoded, as Twilio requires.
    body: new URLSearchParams(message.params),
    throwHttpErrors: false
  })
  if (response.status >= 400) {
    throw twilioError(response.status, parseTwilioErrorBody(response.data, response.content), response.content)
  }
  return response
}
