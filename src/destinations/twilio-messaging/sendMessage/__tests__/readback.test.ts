import nock from 'nock'
import { createRequestClient } from '@segment/actions-core'
import { US1_TARGET } from '../../twilio'
import { decide, listCandidates } from '../readback'
import type { MessageRequest } from '../build-request'
import { ACCOUNT_SID, MESSAGES_PATH, TWILIO } from './__helpers__/fixtures'

const client = createRequestClient()
const request = client
const sms = {
  channel: 'SMS' as const,
  senderType: 'Phone number' as const,
  params: [
    ['To', '+14155552671'],
    ['From', '+14155550100'],
    ['Body', 'Hi']
  ] as Array<[string, string]>
}
const listed = (overrides: Record<string, string> = {}) => ({
  sid: 'SM1',
  status: 'queued',
  to: '+14155552671',
  from: '+14155550100',
  body: 'Hi',
  num_media: '0',
  date_created: new Date().toUTCString(),
  ...overrides
})

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())

/** One look, decided without claims (every candidate free). */
async function lookOnce(
  request: typeof client,
  _account: string,
  message: MessageRequest,
  since: number,
  until: number
) {
  return decide(
    message,
    await listCandidates(request, US1_TARGET, ACCOUNT_SID, message, { since, until, timeoutMs: 1000 })
  )
}
afterAll(() => nock.enableNetConnect())

describe('readback', () => {
  it('asks for the recipient and sender, and matches the body', async () => {
    const scope = nock(TWILIO)
      .get(MESSAGES_PATH)
      .query({ To: '+14155552671', From: '+14155550100', PageSize: '100' })
      .reply(200, { messages: [listed({ sid: 'SM2', body: 'Other' }), listed()] })
    expect(await lookOnce(request, ACCOUNT_SID, sms, Date.now(), Date.now())).toEqual({
      kind: 'found',
      sid: 'SM1',
      status: 'queued'
    })
    expect(scope.isDone()).toBe(true)
  })

  it('a template has no body to match: candidates are ambiguous, never a guess', async () => {
    nock(TWILIO)
      .get(MESSAGES_PATH)
      .query(true)
      .reply(200, { messages: [listed({ body: '' })] })
    const template = { ...sms, params: sms.params.filter(([name]) => name !== 'Body').concat([['ContentSid', 'HX1']]) }
    expect(await lookOnce(request, ACCOUNT_SID, template as never, Date.now(), Date.now())).toEqual({
      kind: 'ambiguous',
      sids: ['SM1']
    })
  })

  it('outside the window or another media count: none', async () => {
    const hourAgo = new Date(Date.now() - 3600_000).toUTCString()
    nock(TWILIO)
      .get(MESSAGES_PATH)
      .query(true)
      .reply(200, { messages: [listed({ date_created: hourAgo }), listed({ num_media: '1' })] })
    expect(await lookOnce(request, ACCOUNT_SID, sms, Date.now(), Date.now())).toEqual({ kind: 'none' })
  })

  it('Twilio cannot be asked (an error answer, a redirect, an unreadable list): unknown, never a guess', async () => {
    nock(TWILIO).get(MESSAGES_PATH).query(true).reply(500, { code: 20500 })
    expect(await lookOnce(request, ACCOUNT_SID, sms, Date.now(), Date.now())).toEqual({ kind: 'unknown' })
    nock(TWILIO).get(MESSAGES_PATH).query(true).reply(307, '', { Location: 'https://elsewhere.example/list' })
    expect(await lookOnce(request, ACCOUNT_SID, sms, Date.now(), Date.now())).toEqual({ kind: 'unknown' })
    nock(TWILIO).get(MESSAGES_PATH).query(true).reply(200, '<html>')
    expect(await lookOnce(request, ACCOUNT_SID, sms, Date.now(), Date.now())).toEqual({ kind: 'unknown' })
  })

  it('lists candidates oldest first, so the copy the recipient got first is the one taken', async () => {
    nock(TWILIO)
      .get(MESSAGES_PATH)
      .query(true)
      .reply(200, { messages: [listed({ sid: 'SMnew' }), listed({ sid: 'SMold' })] })
    const candidates = await listCandidates(request, US1_TARGET, ACCOUNT_SID, sms, {
      since: Date.now(),
      until: Date.now(),
      timeoutMs: 1000
    })
    expect(candidates?.map((candidate) => candidate.sid)).toEqual(['SMold', 'SMnew'])
    expect(decide(sms, candidates?.slice(1))).toEqual({ kind: 'found', sid: 'SMnew', status: 'queued' })
    expect(decide(sms, [])).toEqual({ kind: 'none' })
  })
})
