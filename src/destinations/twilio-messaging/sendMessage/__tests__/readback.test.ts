import nock from 'nock'
import { createRequestClient } from '@segment/actions-core'
import { READBACK_WAITS_ENV, lookOnce, readBackSend, readbackWaits } from '../readback'
import { ACCOUNT_SID, MESSAGES_PATH, TWILIO } from './__helpers__/fixtures'

const request = createRequestClient()
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
afterEach(() => {
  nock.cleanAll()
  delete process.env[READBACK_WAITS_ENV]
})
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

  it('Twilio cannot be asked: unknown; a later look that sees the list decides', async () => {
    nock(TWILIO).get(MESSAGES_PATH).query(true).reply(500, { code: 20500 })
    expect(await lookOnce(request, ACCOUNT_SID, sms, Date.now(), Date.now())).toEqual({ kind: 'unknown' })
    nock(TWILIO).get(MESSAGES_PATH).query(true).reply(500, { code: 20500 })
    nock(TWILIO)
      .get(MESSAGES_PATH)
      .query(true)
      .reply(200, { messages: [listed()] })
    expect((await readBackSend(request, ACCOUNT_SID, sms, Date.now(), [0, 10])).kind).toBe('found')
  })

  it('waits come from the environment, else the default', () => {
    expect(readbackWaits()).toEqual([1000, 2000])
    process.env[READBACK_WAITS_ENV] = '0, 250'
    expect(readbackWaits()).toEqual([0, 250])
    process.env[READBACK_WAITS_ENV] = ' '
    expect(readbackWaits()).toEqual([1000, 2000])
    process.env[READBACK_WAITS_ENV] = 'soon'
    expect(() => readbackWaits()).toThrow(
      'TWILIO_MESSAGING_READBACK_WAITS_MS is "soon": set it to a comma-separated list of whole numbers from 0 to 60000 ms, or unset it for the default (1000,2000).'
    )
  })
})
