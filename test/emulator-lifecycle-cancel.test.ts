// Updating a message in the emulator's lifecycle, on a ManualTime clock: canceling a scheduled message (and only
// that, 30409 otherwise), redacting a delivered body, and canceling through the admin route.
import { apiPath, basicAuth, form, sendMessage } from './emulator-helpers'
import { HOUR, MAIN, MARKETING, MINUTE, TO } from './helpers/emulator-fixtures'
import {
  START,
  STEP,
  admin,
  advance,
  callbackStatuses,
  emulator,
  receiver,
  statuses,
  useLifecycleEmulator
} from './helpers/lifecycle-emulator'

useLifecycleEmulator()

describe('cancel', () => {
  const schedule = () =>
    sendMessage(emulator, {
      To: TO,
      MessagingServiceSid: MARKETING,
      Body: 'Later',
      ScheduleType: 'fixed',
      SendAt: new Date(Date.parse(START) + HOUR).toISOString().replace('.000', ''),
      StatusCallback: `${receiver.url}/s`
    })

  const update = async (sid: unknown, input: Record<string, string>) => {
    const response = await fetch(`${emulator.url}${apiPath()}/Messages/${sid}.json`, {
      method: 'POST',
      headers: { authorization: basicAuth() },
      body: form(input)
    })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }

  it('cancels a scheduled message with Status=canceled; it never leaves canceled', async () => {
    const created = await schedule()
    await advance(MINUTE)
    const canceled = await update(created.body.sid, { Status: 'canceled' })
    expect(canceled).toMatchObject({ status: 200, body: { status: 'canceled', date_sent: null } })
    await advance(2 * HOUR)
    expect(statuses(created.body.sid)).toEqual(['scheduled', 'canceled'])
    expect(callbackStatuses()).toEqual(['canceled'])
    expect(await update(created.body.sid, { Status: 'canceled' })).toMatchObject({ status: 400, body: { code: 30409 } })
  })

  it('refuses to cancel a message that is not scheduled (30409) and other statuses (20001)', async () => {
    const created = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'now' })
    expect(await update(created.body.sid, { Status: 'canceled' })).toMatchObject({ status: 400, body: { code: 30409 } })
    expect(await update(created.body.sid, { Status: 'sent' })).toMatchObject({ status: 400, body: { code: 20001 } })
    expect((await update(`SM${'0'.repeat(32)}`, { Status: 'canceled' })).status).toBe(404)
  })

  it('redacts the body of a delivered message and cancels through the admin route', async () => {
    const created = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'secret' })
    expect((await update(created.body.sid, { Body: '' })).body.code).toBe(20001)
    await advance(3 * STEP)
    expect(await update(created.body.sid, { Body: '' })).toMatchObject({ status: 200, body: { body: '' } })

    const scheduled = await schedule()
    expect(await admin(`/messages/${scheduled.body.sid}/cancel`, {})).toMatchObject({
      status: 200,
      body: { status: 'canceled' }
    })
  })
})
