// A Twilio Messages resource behind nock, for tests of what happens when a send's outcome is unknown. It follows
// Twilio's API v2010 spec (twilio_api_v2010 Messages.json): POST creates a message (201 with sid, status, to, from,
// body, num_media, date_created in RFC 2822); GET lists the account's messages newest first, filtered by To and
// From. Each POST can be given a fault, decided before or after the message is created, as a real outage would be.
import nock from 'nock'
import { ACCOUNT_SID, MESSAGES_PATH, TOO_MANY_REQUESTS, TWILIO } from './fixtures'

export type PostFault =
  /** Answered normally. */
  | 'none'
  /** Created, then answered after `slowMs` (later than the send timeout). */
  | 'slow-after-create'
  /** Created, then answered 500 (Twilio failed after storing it). */
  | '500-after-create'
  /** Not created, answered 503. */
  | '503-before-create'
  /** Not created, answered 429. */
  | '429'
  /** Not created, the connection reset: the client cannot tell this from a reset after create. */
  | 'reset-before-create'
  /** Created, answered after `slowMs` but within the send timeout (an answer on its way while others look). */
  | 'late-after-create'

export interface FakeMessage {
  sid: string
  status: string
  to: string
  from: string | null
  body: string
  num_media: string
  messaging_service_sid: string | null
  date_created: string
  account_sid: string
}

export interface TwilioFake {
  messages: FakeMessage[]
  posts: number
  gets: number
  /** Faults for the next POSTs, in order; afterwards 'none'. */
  faults: PostFault[]
  /** Messages appear in the list only this long after they were created (Twilio's list catching up). */
  listLagMs: number
  slowMs: number
  lateMs: number
}

export function startTwilioFake(options: Partial<Pick<TwilioFake, 'faults' | 'listLagMs' | 'slowMs' | 'lateMs'>> = {}) {
  const fake: TwilioFake = {
    messages: [],
    posts: 0,
    gets: 0,
    faults: options.faults ?? [],
    listLagMs: options.listLagMs ?? 0,
    slowMs: options.slowMs ?? 1500,
    lateMs: options.lateMs ?? 100
  }
  const created = new Map<string, number>()
  const create = (body: string): FakeMessage => {
    const params = new URLSearchParams(body)
    const message: FakeMessage = {
      sid: `SM${String(fake.messages.length + 1).padStart(32, '0')}`,
      status: params.get('SendAt') ? 'scheduled' : params.get('MessagingServiceSid') ? 'accepted' : 'queued',
      to: params.get('To') ?? '',
      from: params.get('From'),
      body: params.get('Body') ?? '',
      num_media: String(params.getAll('MediaUrl').length),
      messaging_service_sid: params.get('MessagingServiceSid'),
      // Through Date.now, so a test that fixes the clock (quiet hours) sees its messages created then.
      date_created: new Date(Date.now()).toUTCString(),
      account_sid: ACCOUNT_SID
    }
    fake.messages.push(message)
    created.set(message.sid, Date.now())
    return message
  }
  nock(TWILIO)
    .persist()
    .post(MESSAGES_PATH)
    .reply(function (_uri, body, callback) {
      fake.posts++
      const fault = fake.faults.shift() ?? 'none'
      if (fault === '429') return callback(null, [429, TOO_MANY_REQUESTS])
      if (fault === 'reset-before-create') {
        // nock 14 emits a reply's error on the mocked socket too, where nothing may be listening yet (the client
        // hears it on the request): without a listener there it would surface as an unhandled error, at random.
        const socket = (this.req as unknown as { socket?: { on?: (event: string, listener: () => void) => void } })
          .socket
        socket?.on?.('error', () => undefined)
        return callback(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), [0, ''])
      }
      if (fault === '503-before-create') {
        return callback(null, [503, { code: 20503, message: 'Service unavailable', status: 503 }])
      }
      const message = create(String(body))
      if (fault === '500-after-create') return callback(null, [500, { code: 20500, message: 'Internal', status: 500 }])
      if (fault === 'slow-after-create' || fault === 'late-after-create') {
        setTimeout(() => callback(null, [201, message]), fault === 'slow-after-create' ? fake.slowMs : fake.lateMs)
        return
      }
      callback(null, [201, message])
    })
  nock(TWILIO)
    .persist()
    .get(MESSAGES_PATH)
    .query(true)
    .reply((uri) => {
      fake.gets++
      const query = new URL(uri, TWILIO).searchParams
      const visibleBefore = Date.now() - fake.listLagMs
      const listed = fake.messages
        .filter((message) => (created.get(message.sid) ?? 0) <= visibleBefore)
        .filter((message) => !query.get('To') || message.to === query.get('To'))
        .filter((message) => !query.get('From') || message.from === query.get('From'))
        .reverse()
      return [200, { messages: listed, next_page_uri: null, page: 0, page_size: listed.length }]
    })
  return fake
}
