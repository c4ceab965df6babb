// From Phone Number on WhatsApp: the account's senders from Twilio's Senders API, GET
// https://messaging.twilio.com/v2/Channels/Senders?Channel=whatsapp (twilio_messaging_v2.json, ListChannelsSender).
// The replies follow that spec: `senders` of messaging.v2.channels_sender in a `meta` envelope whose page links
// keep the Channel filter (its example: `...?PageSize=10&Page=0&Channel=whatsapp`).
import nock from 'nock'
import type { ChannelSender } from '../../twilio'
import { API_KEY_SECRET, API_KEY_SID, MESSAGING, settings, sid } from '../../__tests__/__helpers__/twilio-lists'
import { senderChoices } from '../sender-choices'
import { lookup as lookupField } from './__helpers__/dynamic-field-lookup'
import { useNockedTwilio } from './__helpers__/lookup-environment'

const BASIC = `Basic ${Buffer.from(`${API_KEY_SID}:${API_KEY_SECRET}`).toString('base64')}`
const SENDERS_PATH = '/v2/Channels/Senders'

/** A sender as the spec's `fetch` example shows one, with the given number, status and profile name. */
function sender(index: number, status = 'ONLINE', name: string | null = `Brand ${index}`) {
  const senderSid = sid('XE', index)
  return {
    sid: senderSid,
    status,
    sender_id: `whatsapp:+1415555${String(index).padStart(4, '0')}`,
    configuration: {
      waba_id: '1234567',
      verification_method: null,
      verification_code: null,
      voice_application_sid: null
    },
    webhook: null,
    profile: name === null ? null : { name, about: null, vertical: 'Other' },
    properties: { quality_rating: 'HIGH', messaging_limit: '10K Customers/24hr' },
    offline_reasons:
      status === 'OFFLINE'
        ? [{ code: '30008', message: 'No delivery', more_info: 'https://www.twilio.com/docs/errors/30008' }]
        : null,
    url: `${MESSAGING}${SENDERS_PATH}/${senderSid}`
  }
}

function sendersPage(items: unknown[], page: number, pageSize: number, last: boolean) {
  const link = (n: number, token?: string) =>
    `${MESSAGING}${SENDERS_PATH}?PageSize=${pageSize}&Page=${n}${token ? `&PageToken=${token}` : ''}&Channel=whatsapp`
  return {
    senders: items,
    meta: {
      page,
      page_size: pageSize,
      first_page_url: link(0),
      previous_page_url: page > 0 ? link(page - 1) : null,
      url: link(page),
      next_page_url: last ? null : link(page + 1, `PT${page + 1}`),
      key: 'senders'
    }
  }
}

/** Replies with the senders split in pages, following meta.next_page_url; the Channel filter is always sent. */
function mockSenders(items: unknown[], pageSize = 1000) {
  const scope = nock(MESSAGING, { reqheaders: { authorization: BASIC } })
  const pages = Math.max(1, Math.ceil(items.length / pageSize))
  for (let page = 0; page < pages; page++) {
    const query: Record<string, string> =
      page === 0
        ? { Channel: 'whatsapp', PageSize: String(pageSize) }
        : { Channel: 'whatsapp', PageSize: String(pageSize), Page: String(page), PageToken: `PT${page}` }
    scope
      .get(SENDERS_PATH)
      .query(query)
      .reply(200, sendersPage(items.slice(page * pageSize, (page + 1) * pageSize), page, pageSize, page === pages - 1))
  }
  return scope
}

const lookup = (payload: Record<string, unknown>, settingsOverride?: Record<string, string>) =>
  lookupField('fromPhoneNumber', payload, { settings: settingsOverride })

useNockedTwilio()

describe('From Phone Number on WhatsApp lists the senders of the account', () => {
  it('as E.164 numbers (the whatsapp: prefix is added when sending), with the profile name and status', async () => {
    mockSenders([sender(2), sender(1, 'ONLINE:UPDATING', null)])
    const response = await lookup({ channel: 'Whatsapp' })
    expect(response.error).toBeUndefined()
    expect(response.choices).toEqual([
      {
        label: '+14155550001',
        value: '+14155550001',
        description: 'WhatsApp sender · online, profile update under review'
      },
      { label: '+14155550002 (Brand 2)', value: '+14155550002', description: 'WhatsApp sender · online' }
    ])
  })

  it('senders that cannot send come after those that can, saying why', async () => {
    mockSenders([sender(1, 'OFFLINE'), sender(2, 'PENDING_VERIFICATION'), sender(3), sender(4, 'SOMETHING_NEW')])
    const response = await lookup({ channel: 'whatsapp' })
    expect(response.error).toBeUndefined()
    expect(response.choices.map((choice) => [choice.value, choice.description])).toEqual([
      ['+14155550003', 'WhatsApp sender · online'],
      ['+14155550001', 'WhatsApp sender · offline: cannot send (No delivery)'],
      ['+14155550002', 'WhatsApp sender · waiting for verification: cannot send yet'],
      ['+14155550004', 'WhatsApp sender · status SOMETHING_NEW: cannot send']
    ])
  })

  it('reads every page, keeping the Channel filter on Twilio host', async () => {
    const all = Array.from({ length: 2500 }, (_, index) => sender(index + 1))
    mockSenders(all)
    const response = await lookup({ channel: 'Whatsapp' })
    expect(response.choices).toHaveLength(2500)
    expect(response.error).toBeUndefined()
  })

  it('an account without senders says where to register one, and that a number can be typed', async () => {
    mockSenders([])
    const response = await lookup({ channel: 'Whatsapp' })
    expect(response.choices).toEqual([])
    expect(response.error).toEqual({
      code: 'EMPTY_ACCOUNT',
      message:
        'No WhatsApp senders in this Twilio account: register one in Twilio Console > Messaging > Senders, or type your WhatsApp-enabled number in E.164 format, for example +14155550100.'
    })
  })

  it('when none is online the list is shown with a note saying none can send now', async () => {
    mockSenders([sender(1, 'OFFLINE'), sender(2, 'CREATING')])
    const response = await lookup({ channel: 'Whatsapp' })
    expect(response.choices).toHaveLength(2)
    expect(response.error?.code).toBe('NO_ONLINE_SENDER')
    expect(response.error?.message).toContain('None of the 2 WhatsApp senders of this account is online')
  })

  it("Twilio's errors come back as messages about the senders, never as a failure of the UI", async () => {
    nock(MESSAGING).get(SENDERS_PATH).query(true).reply(403, {
      code: 20003,
      message: 'Authenticate',
      more_info: 'https://www.twilio.com/docs/errors/20003',
      status: 403
    })
    const denied = await lookup({ channel: 'Whatsapp' })
    expect(denied.error?.code).toBe('TWILIO_AUTH')
    nock(MESSAGING).get(SENDERS_PATH).query(true).reply(503, {
      code: 20503,
      message: 'Service unavailable',
      more_info: 'https://www.twilio.com/docs/errors/20503',
      status: 503
    })
    const down = await lookup({ channel: 'Whatsapp' })
    expect(down.error).toEqual({
      code: 'TWILIO_UNAVAILABLE',
      message: expect.stringContaining(
        'Twilio could not return the WhatsApp senders of this account right now (HTTP 503)'
      )
    })
  })

  it('a next-page link to another host is refused, so the credentials never leave Twilio', async () => {
    nock(MESSAGING)
      .get(SENDERS_PATH)
      .query({ Channel: 'whatsapp', PageSize: '1000' })
      .reply(200, {
        senders: [sender(1)],
        meta: {
          key: 'senders',
          page: 0,
          page_size: 1000,
          next_page_url: 'https://evil.example/v2/Channels/Senders?Page=1'
        }
      })
    // The rebuilt link points at messaging.twilio.com again: answer it, and nothing reaches evil.example.
    nock(MESSAGING)
      .get(SENDERS_PATH)
      .query({ Page: '1' })
      .reply(200, sendersPage([sender(2)], 1, 1000, true))
    const response = await lookup({ channel: 'Whatsapp' })
    expect(response.choices.map((choice) => choice.value)).toEqual(['+14155550001', '+14155550002'])
  })

  it('malformed settings end the lookup before any request', async () => {
    const response = await lookup({ channel: 'Whatsapp' }, { ...settings, accountSID: 'nope' })
    expect(response.choices).toEqual([])
    expect(response.error?.code).toBe('INVALID_SETTINGS')
  })

  it('RCS still points to a Messaging Service (the spec lists no RCS senders), without a request', async () => {
    const response = await lookup({ channel: 'RCS' })
    expect(response.error?.code).toBe('TYPE_SENDER')
    expect(response.error?.message).toMatch(/RCS messages are sent through a Messaging Service/)
  })
})

describe('senderChoices', () => {
  it('drops senders without an address and lists a number once', () => {
    const senders: ChannelSender[] = [
      { sender_id: 'whatsapp:+14155550100', status: 'ONLINE' },
      { sender_id: 'WhatsApp:+14155550100', status: 'OFFLINE' },
      { sender_id: null, status: 'ONLINE' },
      { status: 'ONLINE' }
    ]
    expect(senderChoices(senders, 'WhatsApp', 'whatsapp')).toEqual({
      choices: [{ label: '+14155550100', value: '+14155550100', description: 'WhatsApp sender · online' }],
      sendable: 1
    })
  })
})
