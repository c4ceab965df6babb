// Listing and fetching: Messages (filters, paging), IncomingPhoneNumbers and ShortCodes (2010 paging with
// next_page_uri), Services and Content (v1 paging with meta.next_page_url), PageSize limits and the seeded templates.
import { RunningEmulator, startEmulator } from '../src/emulator/server'
import { apiPath, getJson, sendMessage } from './emulator-helpers'
import { MAIN, MARKETING, TO, account, contentSid } from './helpers/emulator-fixtures'
import { emulator, useFixedClockEmulator } from './helpers/fixed-clock-emulator'

useFixedClockEmulator()

describe('Messages list and fetch', () => {
  it('lists newest first, filters by To and From, fetches by SID and answers 404 / 20404 for an unknown SID', async () => {
    const first = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'one' })
    const second = await sendMessage(emulator, { To: '+14155551313', From: MAIN, Body: 'two' })
    const third = await sendMessage(emulator, { To: TO, From: '+14155550101', Body: 'three' })

    const all = await getJson(emulator, `${apiPath()}/Messages.json`)
    expect(all.status).toBe(200)
    expect((all.body.messages as { sid: string }[]).map((m) => m.sid)).toEqual([
      third.body.sid,
      second.body.sid,
      first.body.sid
    ])
    expect(all.body).toMatchObject({
      page: 0,
      page_size: 50,
      start: 0,
      end: 2,
      next_page_uri: null,
      previous_page_uri: null
    })

    const byTo = await getJson(emulator, `${apiPath()}/Messages.json?To=${encodeURIComponent(TO)}`)
    expect((byTo.body.messages as unknown[]).length).toBe(2)
    const byFrom = await getJson(emulator, `${apiPath()}/Messages.json?From=${encodeURIComponent('+14155550101')}`)
    expect((byFrom.body.messages as { sid: string }[]).map((m) => m.sid)).toEqual([third.body.sid])

    const fetched = await getJson(emulator, `${apiPath()}/Messages/${second.body.sid}.json`)
    expect(fetched.status).toBe(200)
    expect(fetched.body).toEqual(second.body)

    const missing = await getJson(emulator, `${apiPath()}/Messages/SM${'0'.repeat(32)}.json`)
    expect(missing.status).toBe(404)
    expect(missing.body.code).toBe(20404)
  })

  it('pages messages with PageSize and keeps filters in the links', async () => {
    for (let i = 0; i < 5; i++) await sendMessage(emulator, { To: TO, From: MAIN, Body: `m${i}` })
    const seen: string[] = []
    let next: string | null = `${apiPath()}/Messages.json?To=${encodeURIComponent(TO)}&PageSize=2`
    let pages = 0
    while (next) {
      expect(next.startsWith('/2010-04-01/')).toBe(true)
      const page = await getJson(emulator, next)
      seen.push(...(page.body.messages as { body: string }[]).map((m) => m.body))
      next = page.body.next_page_uri as string | null
      if (next) expect(next).toContain('To=%2B14155551212')
      pages++
    }
    expect(pages).toBe(3)
    expect(seen).toEqual(['m4', 'm3', 'm2', 'm1', 'm0'])
  })
})

describe('lists and pagination', () => {
  let big: RunningEmulator

  beforeAll(async () => {
    big = await startEmulator({ seed: { extraPhoneNumbers: 2500 } })
  })

  afterAll(async () => {
    await big.close()
  })

  it('walks 2,506 numbers in 3 pages of 1,000 with path next_page_uri, each number once', async () => {
    const seen = new Set<string>()
    let next: string | null = `${apiPath()}/IncomingPhoneNumbers.json?PageSize=1000`
    let pages = 0
    while (next) {
      const page = await getJson(big, next)
      expect(page.status).toBe(200)
      expect(page.body.page).toBe(pages)
      expect(page.body.page_size).toBe(1000)
      for (const number of page.body.incoming_phone_numbers as { phone_number: string }[]) {
        expect(seen.has(number.phone_number)).toBe(false)
        seen.add(number.phone_number)
      }
      next = page.body.next_page_uri as string | null
      if (next)
        expect(next).toMatch(
          /^\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/IncomingPhoneNumbers\.json\?PageSize=1000&Page=\d+&PageToken=PA/
        )
      pages++
    }
    expect(pages).toBe(3)
    expect(seen.size).toBe(2506)
  })

  it('seeds numbers with mixed capabilities, upper-case keys included, and a short code', async () => {
    const numbers = await getJson(emulator, `${apiPath()}/IncomingPhoneNumbers.json`)
    const capabilities = (numbers.body.incoming_phone_numbers as { capabilities: Record<string, boolean> }[]).map(
      (n) => n.capabilities
    )
    expect(capabilities).toContainEqual({ voice: true, sms: false, mms: false, fax: false })
    expect(capabilities).toContainEqual({ voice: false, sms: true, mms: false, fax: false })
    expect(capabilities.some((c) => 'SMS' in c)).toBe(true)
    const codes = await getJson(emulator, `${apiPath()}/SMS/ShortCodes.json`)
    expect(codes.body.short_codes).toEqual([
      expect.objectContaining({ short_code: '89757', sid: expect.stringMatching(/^SC/) })
    ])
  })

  it.each([
    ['/v1/Services', 'services', 2],
    ['/v1/Content', 'contents', account.contents.length],
    ['/v1/ContentAndApprovals', 'contents', account.contents.length]
  ])('walks %s at PageSize 1 following absolute next_page_url', async (path, key, total) => {
    const seen: string[] = []
    let next: string | null = `${emulator.url}${path}?PageSize=1`
    while (next) {
      expect(next.startsWith(`${emulator.url}/`)).toBe(true)
      const page = await getJson(emulator, next)
      expect(page.status).toBe(200)
      const meta = page.body.meta as Record<string, unknown>
      expect(meta).toMatchObject({ key, page_size: 1, page: seen.length })
      expect(meta.url).toBe(`${emulator.url}${path}?PageSize=1&Page=${seen.length}`)
      seen.push(...(page.body[key] as { sid: string }[]).map((item) => item.sid))
      next = meta.next_page_url as string | null
    }
    expect(new Set(seen).size).toBe(total)
  })

  it.each(['0', '1001', '-1', 'ten'])('answers 400 / 20001 for PageSize=%s', async (size) => {
    for (const path of [`${apiPath()}/IncomingPhoneNumbers.json`, '/v1/Content']) {
      const response = await getJson(emulator, `${path}?PageSize=${size}`)
      expect(response.status).toBe(400)
      expect(response.body.code).toBe(20001)
    }
  })

  it('accepts PageSize 1000 and defaults to 50', async () => {
    expect((await getJson(emulator, '/v1/Services?PageSize=1000')).status).toBe(200)
    expect(((await getJson(emulator, '/v1/Services')).body.meta as { page_size: number }).page_size).toBe(50)
  })

  it('fetches a Service, a Content and its approval, and answers 404 / 20404 for unknown SIDs', async () => {
    expect((await getJson(emulator, `/v1/Services/${MARKETING}`)).body.sid).toBe(MARKETING)
    const sid = contentSid('product_photo')
    const content = await getJson(emulator, `/v1/Content/${sid}`)
    expect(content.body).toMatchObject({ sid, url: `${emulator.url}/v1/Content/${sid}` })
    const approval = await getJson(emulator, `/v1/Content/${sid}/ApprovalRequests`)
    expect(approval.body.whatsapp).toMatchObject({ status: 'approved' })
    for (const path of [`/v1/Services/MG${'0'.repeat(32)}`, `/v1/Content/HX${'0'.repeat(32)}`]) {
      const response = await getJson(emulator, path)
      expect(response.status).toBe(404)
      expect(response.body.code).toBe(20404)
    }
  })

  it('covers template types and WhatsApp approval states', async () => {
    const page = await getJson(emulator, '/v1/ContentAndApprovals?PageSize=500')
    const contents = page.body.contents as { types: Record<string, unknown>; approval_requests: { status: string } }[]
    const types = new Set(contents.flatMap((content) => Object.keys(content.types)))
    for (const type of [
      'twilio/text',
      'twilio/media',
      'twilio/quick-reply',
      'twilio/card',
      'twilio/carousel',
      'twilio/catalog',
      'whatsapp/authentication'
    ]) {
      expect(types.has(type)).toBe(true)
    }
    const statuses = new Set(contents.map((content) => content.approval_requests.status))
    for (const status of ['approved', 'pending', 'rejected', 'unsubmitted']) expect(statuses.has(status)).toBe(true)
  })

  it('can nest approval_requests under whatsapp', async () => {
    const nested = await startEmulator({ seed: { approvalShape: 'nested' } })
    try {
      const page = await getJson(nested, '/v1/ContentAndApprovals')
      const first = (page.body.contents as { approval_requests: { whatsapp: { status: string } } }[])[0]
      expect(first.approval_requests.whatsapp.status).toBe('approved')
    } finally {
      await nested.close()
    }
  })
})
