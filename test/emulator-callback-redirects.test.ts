// Status callbacks never follow a receiver's redirect (issue 17): a receiver on loopback could otherwise send the
// signed callback on to any host. The redirect is recorded as the attempt's failure and not retried.
import { ManualTime } from '../src/emulator/clock'
import { startEmulator, type RunningEmulator } from '../src/emulator'
import { sendMessage } from './emulator-helpers'
import { startCallbackReceiver, type CallbackReceiver } from './emulator-helpers-callbacks'

describe('status callbacks and redirects', () => {
  let time: ManualTime
  let emulator: RunningEmulator
  let receiver: CallbackReceiver
  let elsewhere: CallbackReceiver
  beforeAll(async () => {
    receiver = await startCallbackReceiver()
    elsewhere = await startCallbackReceiver()
  })
  afterAll(async () => {
    await receiver.close()
    await elsewhere.close()
  })
  beforeEach(async () => {
    time = new ManualTime('2025-06-01T12:00:00Z')
    emulator = await startEmulator({ scheduler: time, stepMs: 1000, callbacks: { retryDelaysMs: [1000] } })
  })
  afterEach(async () => {
    await emulator.callbacksIdle()
    await emulator.close()
  })

  it.each([301, 302, 307, 308])('a %s answer is not followed, and not retried', async (status) => {
    receiver.received.length = 0
    elsewhere.received.length = 0
    receiver.answers.push(status, status, status)
    receiver.headers = { location: `${elsewhere.url}/moved` }
    try {
      const created = await sendMessage(emulator, {
        To: '+14155551212',
        From: '+14155550100',
        Body: 'Hi',
        StatusCallback: `${receiver.url}/status`
      })
      await time.advance(1000)
      await emulator.callbacksIdle()
      await time.advance(5000)
      await emulator.callbacksIdle()
      expect(elsewhere.received).toEqual([])
      const attempts = emulator.state.getMessage(String(created.body.sid))!.callbacks
      expect(attempts[0]).toMatchObject({ ok: false, httpStatus: status, attempt: 1 })
      expect(attempts[0].error).toMatch(
        new RegExp(`answered HTTP ${status}, a redirect to ${elsewhere.url}/moved, which is not followed`)
      )
      expect(attempts.filter((attempt) => attempt.attempt > 1)).toEqual([])
    } finally {
      receiver.headers = {}
      receiver.answers.length = 0
    }
  })
})
