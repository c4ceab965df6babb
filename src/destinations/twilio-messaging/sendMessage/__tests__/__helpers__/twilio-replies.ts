// Twilio's Create Message endpoint behind nock, answering by the request's number or by its recipient (so the result
// of each event of a batch is known whatever order the batch sends in).
import nock from 'nock'
import { MESSAGES_PATH, TWILIO, twilioMessage } from '../../../__tests__/__helpers__/fixtures'

/** Twilio answers the n-th POST with `reply(n)`; `posts` counts them. */
export function countingTwilio(reply: (n: number) => [number, object]) {
  const counter = { posts: 0 }
  nock(TWILIO)
    .persist()
    .post(MESSAGES_PATH)
    .reply(() => reply(++counter.posts))
  return counter
}

/** Answers each Create Message by its `To` (unlisted: 201, a sid of its digits); returns the recipients, in order. */
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
