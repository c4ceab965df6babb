// A Twilio Messages endpoint behind nock that answers by recipient, so the result of each event of a batch is
// known whatever order the batch sends in. Unlisted recipients get 201 with a sid made of their digits.
import nock from 'nock'
import { MESSAGES_PATH, TWILIO, twilioMessage } from '../../../__tests__/__helpers__/fixtures'

/** Answers each Create Message by its `To`; returns every request's recipient, in order. */
export function twilioByRecipient(replies: Record<string, [number, object]>): string[] {
  const seen: string[] = []
  nock(TWILIO)
    .persist()
    .post(MESSAGES_PATH)
    .reply((_uri, body) => {
      const to = new URLSearchParams(String(body)).get('To') as string
      seen.push(to)
      return replies[to] ?? [201, twilioMessage(`SM${to.replace(/\D/g, '').padStart(32, '0')}`)]
    })
  return seen
}
