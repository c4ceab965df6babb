// How every dropdown lookup asks Twilio: the request options and the end of paging.
import nock from 'nock'
import type { DynamicFieldResponse } from '@segment/actions-core'
import { dynamicFields } from '../dynamic-fields'
import { MESSAGING, phoneNumber, service, settings, sid, template } from '../../__tests__/__helpers__/twilio-lists'
import { lookup } from './__helpers__/dynamic-field-lookup'
import { useNockedTwilio } from './__helpers__/lookup-environment'

useNockedTwilio()

describe('request options', () => {
  it('every lookup request passes skipResponseCloning: true and GET', async () => {
    const calls: Array<{ url: string; options: Record<string, unknown> }> = []
    const fake = (async (url: string, options: Record<string, unknown>) => {
      calls.push({ url, options })
      const path = new URL(url).pathname
      const data = path.endsWith('IncomingPhoneNumbers.json')
        ? { incoming_phone_numbers: [phoneNumber(1)], next_page_uri: null }
        : path.endsWith('ShortCodes.json')
        ? { short_codes: [], next_page_uri: null }
        : path === '/v1/Services'
        ? { services: [service(1)], meta: { next_page_url: null } }
        : path.startsWith('/v1/Content/')
        ? template(1, { 'twilio/text': { body: '{{1}}' } })
        : { contents: [template(1, { 'twilio/text': { body: '{{1}}' } })], meta: { next_page_url: null } }
      return { status: 200, data, content: JSON.stringify(data) }
    }) as unknown as Parameters<NonNullable<typeof dynamicFields.channel>>[0]
    const run = (fn: unknown, payload: object) =>
      (fn as (r: typeof fake, d: object) => Promise<DynamicFieldResponse>)(fake, { settings, payload })
    const results = await Promise.all([
      run(dynamicFields.fromPhoneNumber, { channel: 'SMS' }),
      run(dynamicFields.messagingServiceSid, {}),
      run(dynamicFields.contentSid, { channel: 'SMS', contentTemplateType: 'Text' }),
      run(dynamicFields.contentSid, { channel: 'Whatsapp', contentTemplateType: 'Text' }),
      run(dynamicFields.contentVariables?.__keys__, { contentSid: sid('HX', 1) })
    ])
    for (const result of results) expect(result.error).toBeUndefined()
    expect(calls).toHaveLength(6)
    for (const call of calls) expect(call.options).toMatchObject({ method: 'GET', skipResponseCloning: true })
    expect(calls.map((call) => new URL(call.url).searchParams.get('PageSize'))).toEqual([
      '1000',
      '1000',
      '1000',
      '1000',
      '500',
      null
    ])
  })
})

describe('listPages', () => {
  it('ends when a next-page link repeats a page already read (not reported as truncated)', async () => {
    nock(MESSAGING)
      .get('/v1/Services')
      .query({ PageSize: '1000' })
      .reply(200, { services: [service(1)], meta: { next_page_url: `${MESSAGING}/v1/Services?PageSize=1000` } })
    const response = await lookup('messagingServiceSid', {})
    expect(response.choices).toHaveLength(1)
    expect(response.error).toBeUndefined()
  })
})
