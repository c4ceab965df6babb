// Duplicate protection for single events: a redelivery answered from the record, failures sent again, the runtime's
// stateContext, and what the key is made of.
import { createTestIntegration } from '@segment/actions-core'
import destination from '../..'
import { dedupKey, memoryDedupSize } from '../dedup'
import { ACCOUNT_SID, mapping, settings, smsEvent, twilioMessage } from '../../__tests__/__helpers__/fixtures'
import { emptyMessageList, fakeStateContext, useDedupEnvironment } from './__helpers__/dedup-harness'
import { countingTwilio } from './__helpers__/twilio-replies'

useDedupEnvironment()

describe('duplicate protection', () => {
  it('does not send a redelivered event again and answers with the recorded result', async () => {
    const twilio = countingTwilio(() => [201, twilioMessage('SM11111111111111111111111111111111')])
    const testDestination = createTestIntegration(destination)
    const event = smsEvent()
    await testDestination.testAction('sendMessage', { event, settings, mapping, useDefaultMappings: true })
    const second = await testDestination.testAction('sendMessage', {
      event,
      settings,
      mapping,
      useDefaultMappings: true
    })
    expect(twilio.posts).toBe(1)
    expect(second).toHaveLength(0) // no HTTP request on the redelivery
  })

  it('sends a failed event again on retry, and only once it succeeded stops', async () => {
    const twilio = countingTwilio((n) =>
      n === 1 ? [503, { code: 20503, message: 'Service unavailable', status: 503 }] : [201, twilioMessage('SM2')]
    )
    emptyMessageList()
    const testDestination = createTestIntegration(destination)
    const event = smsEvent()
    const run = () => testDestination.testAction('sendMessage', { event, settings, mapping, useDefaultMappings: true })
    await expect(run()).rejects.toMatchObject({ status: 503 })
    await run()
    await run()
    expect(twilio.posts).toBe(2)
  })

  it('does not record a final Twilio error either: a fixed retry is sent', async () => {
    const twilio = countingTwilio((n) =>
      n === 1 ? [400, { code: 21211, message: 'Invalid To', status: 400 }] : [201, twilioMessage('SM3')]
    )
    const testDestination = createTestIntegration(destination)
    const event = smsEvent()
    const run = () => testDestination.testAction('sendMessage', { event, settings, mapping, useDefaultMappings: true })
    await expect(run()).rejects.toMatchObject({ code: 'TWILIO_21211' })
    await run()
    expect(twilio.posts).toBe(2)
  })

  it("uses the runtime's stateContext when there is one, with a 24-hour TTL, and the process cache too", async () => {
    // Two values per accepted message: the event's record, and the message's claim by that event.
    const twilio = countingTwilio(() => [201, twilioMessage('SM6')])
    const state = fakeStateContext()
    const testDestination = createTestIntegration(destination)
    const event = smsEvent()
    const run = () =>
      testDestination.testAction('sendMessage', {
        event,
        settings,
        mapping,
        useDefaultMappings: true,
        stateContext: state.context
      })
    await run()
    await run()
    expect(twilio.posts).toBe(1)
    expect(memoryDedupSize()).toBe(2)
    const record = [...state.values.entries()].find(([key]) => key.startsWith('twilio-messaging:sent:'))
    expect(record?.[1]).toBe(JSON.stringify({ state: 'sent', sid: 'SM6', status: 'queued' }))
    expect(state.values.get('twilio-messaging:claim:SM6')).toBe(record?.[0])
    expect(state.ttls).toEqual([{ hour: 24 }, { hour: 24 }])
  })

  it('keys on account, messageId and the exact message: two subscriptions for one event both send', async () => {
    const twilio = countingTwilio(() => [201, twilioMessage('SM7')])
    const testDestination = createTestIntegration(destination)
    const event = smsEvent()
    await testDestination.testAction('sendMessage', { event, settings, mapping, useDefaultMappings: true })
    await testDestination.testAction('sendMessage', {
      event,
      settings,
      mapping: { ...mapping, inlineBody: 'A note for the shipping team' },
      useDefaultMappings: true
    })
    expect(twilio.posts).toBe(2)
    const message = {
      channel: 'SMS' as const,
      senderType: 'Phone number' as const,
      params: [['To', '+1']] as [string, string][]
    }
    expect(dedupKey(ACCOUNT_SID, 'm1', message)).not.toBe(dedupKey(ACCOUNT_SID, 'm2', message))
    expect(dedupKey(ACCOUNT_SID, undefined, message)).toBeUndefined()
  })
})
