// A STOP reply in the emulator's lifecycle, on a ManualTime clock: sends from that number are refused with 21610
// (at once, or as failed through its Messaging Service) until START; bad simulated replies name the field.
import { sendMessage } from './emulator-helpers'
import { MAIN, MARKETING, TO } from './helpers/emulator-fixtures'
import { STEP, admin, advance, emulator, fetchMessage, useLifecycleEmulator } from './helpers/lifecycle-emulator'

useLifecycleEmulator()

describe('STOP', () => {
  it('refuses later sends from that number with 21610 at once, fails them through its service, until START', async () => {
    const stop = await admin('/stop', { from: TO, to: MAIN })
    expect(stop).toMatchObject({ status: 201, body: { effect: 'opt-out' } })

    const direct = await sendMessage(emulator, { To: TO, From: MAIN, Body: 'x' })
    expect(direct).toMatchObject({ status: 400, body: { code: 21610 } })
    const other = await sendMessage(emulator, { To: TO, From: '+14155550101', Body: 'x' })
    expect(other.status).toBe(201)

    // Marketing's pool holds +14155550100: the opt-out covers the service.
    const viaService = await sendMessage(emulator, { To: TO, MessagingServiceSid: MARKETING, Body: 'x' })
    expect(viaService.status).toBe(201)
    await advance(2 * STEP)
    expect(await fetchMessage(viaService.body.sid)).toMatchObject({ status: 'failed', error_code: 21610 })

    expect((await admin('/inbound', { from: TO, to: MAIN, body: 'start' })).body.effect).toBe('opt-in')
    expect((await sendMessage(emulator, { To: TO, From: MAIN, Body: 'x' })).status).toBe(201)
  })

  it('answers 400 naming the field for a bad simulated reply', async () => {
    expect(await admin('/inbound', { from: 'nope' })).toMatchObject({ status: 400, body: { error: /from must be/ } })
    expect(await admin('/inbound', { from: TO, to: '+19995550000' })).toMatchObject({
      status: 400,
      body: { error: /to must be/ }
    })
  })
})
