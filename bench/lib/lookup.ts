// Phone-number lookup over an account with 5,000 extra numbers: how many requests the From Phone Number dropdown
// makes and how long it takes.
import { createTestIntegration } from '@segment/actions-core'
import type { DynamicFieldResponse } from '@segment/actions-core'
import definition from '../../src/destinations/twilio-messaging'
import { startEmulator } from '../../src/emulator'
import { targetTwilio } from '../../src/twilio-target'
import { settings } from './fixtures'

export async function lookup() {
  const emulator = await startEmulator({ seed: { extraPhoneNumbers: 5000 } })
  try {
    {
      const testDestination = createTestIntegration(targetTwilio(definition, emulator.url))
      const before = emulator.state.counters.requests
      const started = process.hrtime.bigint()
      const response = (await testDestination.testDynamicField('sendMessage', 'fromPhoneNumber', {
        settings,
        payload: { channel: 'SMS', senderType: 'Phone number' }
      })) as DynamicFieldResponse
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      const requests = emulator.state.counters.requests - before
      const paths = testDestination.responses.map((r) => new URL(r.url).pathname.split('/').pop())
      return {
        via: 'dynamicFields.fromPhoneNumber, SMS channel',
        numbersInAccount: emulator.account.phoneNumbers?.length,
        choices: response?.choices?.length,
        error: response?.error,
        requests,
        requestPaths: paths,
        ms: Math.round(ms),
        target: '<= 6 requests'
      }
    }
  } finally {
    await emulator.close()
  }
}
