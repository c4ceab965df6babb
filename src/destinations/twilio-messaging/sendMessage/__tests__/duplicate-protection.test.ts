// Each row of the protection table in docs/batching.md, run through actions-core with a Twilio fake and a
// stateContext double with Segment's semantics. "Another process" is this process with its memory cleared, which
// is what a process that never saw the event has; bench/fault.ts runs real fresh processes.
import nock from 'nock'
import { Destination, createTestIntegration } from '@segment/actions-core'
import type { Settings } from '../../generated-types'
import type { StateContext } from '@segment/actions-core'
import { clearMemoryDedup } from '../dedup'
import {
  SLOW_MS,
  mapping,
  multistatus,
  quickDestination,
  settings,
  smsEvent,
  withCeiling
} from './__helpers__/fixtures'
import { SegmentStatePlatform } from './__helpers__/segment-state-context'
import { startTwilioFake } from './__helpers__/twilio-fake'
import type { PostFault } from './__helpers__/twilio-fake'

beforeAll(() => nock.disableNetConnect())
beforeEach(() => clearMemoryDedup())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

const destination = quickDestination()

const newProcess = () => clearMemoryDedup()

/** One delivery of `event` to perform; resolves to 'ok' or the error's status, never throws. */
async function deliver(event: object, stateContext?: StateContext, actionMapping: object = mapping) {
  const testDestination = createTestIntegration(destination)
  try {
    await testDestination.testAction('sendMessage', {
      event: event,
      settings,
      mapping: actionMapping as never,
      stateContext
    })
    return 'ok' as const
  } catch (error) {
    return (error as { status?: number }).status ?? 500
  }
}

/** Delivers until the event succeeds (or fails finally), like Segment; each retry lands on a fresh process. */
async function deliverUntilDone(event: object, platform?: SegmentStatePlatform) {
  const statuses: Array<'ok' | number> = []
  for (let attempt = 0; attempt < 5; attempt++) {
    newProcess()
    const status = platform
      ? await platform.run((stateContext) => deliver(event, stateContext))
      : await deliver(event, undefined)
    statuses.push(status)
    if (status === 'ok' || (status >= 400 && status < 500 && status !== 429 && status !== 408)) break
  }
  return statuses
}

describe('duplicate protection: the rows of the table', () => {
  it('same process: a redelivery after success is answered from the record', async () => {
    const twilio = startTwilioFake()
    const event = smsEvent()
    expect(await deliver(event)).toBe('ok')
    expect(await deliver(event)).toBe('ok')
    expect(twilio.posts).toBe(1)
  })

  it('another process, response delivered with stateContext: answered from stateContext', async () => {
    const twilio = startTwilioFake()
    const platform = new SegmentStatePlatform()
    const event = smsEvent()
    await platform.run((stateContext) => deliver(event, stateContext))
    newProcess()
    expect(await platform.run((stateContext) => deliver(event, stateContext))).toBe('ok')
    expect(twilio.posts).toBe(1)
  })

  it('another process without stateContext (a plain redelivery of a delivered success): sent twice', async () => {
    // Not protected: nothing is shared between processes but stateContext, which this runtime does not give.
    const twilio = startTwilioFake()
    const event = smsEvent()
    await deliver(event)
    newProcess()
    await deliver(event)
    expect(twilio.messages).toHaveLength(2)
  })

  it('same process, stateContext present but the response lost: the process cache still answers', async () => {
    const twilio = startTwilioFake()
    const platform = new SegmentStatePlatform()
    const event = smsEvent()
    await platform.run((stateContext) => deliver(event, stateContext), 'lost')
    expect(platform.size).toBe(0)
    expect(await platform.run((stateContext) => deliver(event, stateContext))).toBe('ok')
    expect(twilio.posts).toBe(1)
  })

  it.each<[string, PostFault]>([
    ['a timeout (Twilio created it and answered too late)', 'slow-after-create'],
    ['a 500 after Twilio created it', '500-after-create']
    // A connection reset after Twilio created it: test/readback-connection.test.ts, over a real socket.
  ])('after %s: the invocation reads it back and succeeds; no store needed', async (_label, fault) => {
    const twilio = startTwilioFake({ faults: [fault], slowMs: SLOW_MS })
    const event = smsEvent()
    // Success at once: Segment has no failure to redeliver, whichever process would have taken the retry.
    expect(await deliverUntilDone(event)).toEqual(['ok'])
    expect(twilio.messages).toHaveLength(1)
    expect(twilio.posts).toBe(1)
  })

  it('after a 503 before Twilio created anything: retryable, and the retry on another process sends once', async () => {
    const twilio = startTwilioFake({ faults: ['503-before-create'] })
    const event = smsEvent()
    expect(await deliverUntilDone(event, new SegmentStatePlatform())).toEqual([503, 'ok'])
    expect(twilio.messages).toHaveLength(1)
    expect(twilio.posts).toBe(2)
  })

  it("Twilio's list lagging behind, same process: the send stays open and the redelivery finds it", async () => {
    // The list shows nothing until the test says it caught up: no real time is waited for.
    const twilio = startTwilioFake({ faults: ['500-after-create'], listLagMs: Infinity })
    const event = smsEvent()
    expect(await deliver(event)).toBe(500)
    twilio.listLagMs = 0 // by Segment's retry, the list has caught up
    expect(await deliver(event)).toBe('ok')
    expect(twilio.messages).toHaveLength(1)
    expect(twilio.posts).toBe(1)
  })

  it("Twilio's list lagging behind, a batch on another process: the open send travels in stateContext", async () => {
    const twilio = startTwilioFake({ faults: ['500-after-create'], listLagMs: Infinity })
    const platform = new SegmentStatePlatform()
    const event = smsEvent()
    const batch = () =>
      platform.run(async (stateContext) => {
        const testDestination = createTestIntegration(destination)
        await testDestination.testBatchAction('sendMessage', { events: [event], settings, mapping, stateContext })
        return multistatus(testDestination)[0].status
      })
    expect(await batch()).toBe(500)
    twilio.listLagMs = 0
    newProcess()
    expect(await batch()).toBe(200)
    expect(twilio.messages).toHaveLength(1)
  })

  it("Twilio's list lagging behind, one event on a fresh process: sent twice (the limit of not waiting)", async () => {
    // Not protected: the look right after the send cannot see the message yet, a failed perform's stateContext
    // never reaches the platform, and the retry lands on a process that never saw the event.
    const twilio = startTwilioFake({ faults: ['500-after-create'], listLagMs: Infinity })
    const event = smsEvent()
    expect(await deliverUntilDone(event, new SegmentStatePlatform())).toEqual([500, 'ok'])
    expect(twilio.messages).toHaveLength(2)
  })

  it('after a crash once Twilio accepted (no answer reached Segment, no record anywhere): sent twice', async () => {
    // Not protected, and documented so: nothing survives the crash, and nothing tells the next process to look.
    const twilio = startTwilioFake()
    const platform = new SegmentStatePlatform()
    const event = smsEvent()
    await platform.run((stateContext) => deliver(event, stateContext), 'lost')
    newProcess()
    await platform.run((stateContext) => deliver(event, stateContext))
    expect(twilio.messages).toHaveLength(2)
  })

  it('batch then single: a batch-sent event redelivered alone is answered from the record', async () => {
    const twilio = startTwilioFake()
    const platform = new SegmentStatePlatform()
    const event = smsEvent()
    const testDestination = createTestIntegration(destination)
    await platform.run((stateContext) =>
      testDestination.testBatchAction('sendMessage', {
        events: [event, smsEvent({ phone: '+14155550177' })],
        settings,
        mapping,
        stateContext
      })
    )
    expect(multistatus(testDestination).map((entry) => entry.status)).toEqual([201, 201])
    expect(await deliver(event)).toBe('ok') // same process
    newProcess()
    expect(await platform.run((stateContext) => deliver(event, stateContext))).toBe('ok') // another process
    expect(twilio.posts).toBe(2)
  })

  it('two subscriptions on one event: different messages are both sent; an identical one is sent once', async () => {
    const twilio = startTwilioFake()
    const event = smsEvent()
    expect(await deliver(event, undefined, mapping)).toBe('ok')
    expect(await deliver(event, undefined, { ...mapping, inlineBody: 'A note for the shipping team' })).toBe('ok')
    expect(await deliver(event, undefined, { ...mapping })).toBe('ok')
    expect(twilio.messages.map((message) => message.body)).toEqual([
      `Hi Ada, order ${event.properties.order_id} shipped`,
      'A note for the shipping team'
    ])
  })
})

/** actions-core's executeAction, which answers with perform's result (the SID it reports). */
class Runner extends Destination<Settings> {
  run(slug: string, input: Parameters<Destination<Settings>['executeAction']>[1]) {
    return this.executeAction(slug, input)
  }
}

describe('two events with the same text to the same recipient', () => {
  const twins = () => {
    const a = smsEvent({ order_id: 'T-1' })
    return [a, { ...a, messageId: `${a.messageId}-twin` }]
  }

  it("in one batch: the one whose send was reset before Twilio created it never takes the other one's message", async () => {
    const twilio = startTwilioFake({ faults: ['none', 'reset-before-create'] })
    const [a, b] = twins()
    const testDestination = createTestIntegration(withCeiling(1))
    await testDestination.testBatchAction('sendMessage', { events: [a, b], settings, mapping })
    const [first, second] = multistatus(testDestination)
    expect(first).toMatchObject({ status: 201, body: { sid: twilio.messages[0].sid } })
    // The list shows only A's message, which A's own answer named: B is not settled, and not reported as sent.
    expect(second.status).toBe(503)
    expect(twilio.messages).toHaveLength(1)
    await testDestination.testBatchAction('sendMessage', { events: [b], settings, mapping })
    expect(multistatus(testDestination)[0]).toMatchObject({ status: 201, body: { sid: twilio.messages[1].sid } })
    expect(twilio.messages).toHaveLength(2)
  })

  it('one at a time, side by side: a look while the other one is still being created waits for it', async () => {
    // A is created at once and answered 100 ms later; B's connection resets meanwhile and B looks at the list.
    const twilio = startTwilioFake({ faults: ['late-after-create', 'reset-before-create'] })
    const [a, b] = twins()
    const [first, second] = await Promise.all([deliver(a), deliver(b)])
    expect([first, second]).toEqual(['ok', 503])
    expect(twilio.messages).toHaveLength(1)
    expect(await deliver(b)).toBe('ok')
    expect(twilio.messages).toHaveLength(2)
  })

  it("side by side, when both were created: each takes its own message, after the other one's answer", async () => {
    const twilio = startTwilioFake({ faults: ['late-after-create', '500-after-create'] })
    const [a, b] = twins()
    const runner = new Runner(destination)
    const sid = async (event: object) => {
      const results = await runner.run('sendMessage', { event: event as never, settings, mapping })
      return (results.find((result) => result.data)?.data as { sid?: string } | undefined)?.sid
    }
    const [sidA, sidB] = await Promise.all([sid(a), sid(b)])
    expect([sidA, sidB]).toEqual([twilio.messages[0].sid, twilio.messages[1].sid])
    expect(twilio.posts).toBe(2)
  })

  it('on another process: a claim delivered in stateContext keeps the next look off the message', async () => {
    const twilio = startTwilioFake({ faults: ['none', '500-after-create'] })
    const platform = new SegmentStatePlatform()
    const [a, b] = twins()
    await platform.run((stateContext) => deliver(a, stateContext))
    newProcess()
    // B's own message was created (500 after create): the list shows A's and B's, A's is claimed, B takes its own.
    expect(await platform.run(async (stateContext) => deliver(b, stateContext))).toBe('ok')
    expect(twilio.messages).toHaveLength(2)
  })
})

describe('the stateContext double follows Segment semantics', () => {
  it('an invocation never reads its own writes; a delivered response is visible later; a lost one never', async () => {
    const platform = new SegmentStatePlatform()
    await platform.run(async (stateContext) => {
      stateContext.setResponseContext('k', 'v1', { hour: 1 })
      expect(stateContext.getRequestContext('k')).toBeUndefined()
    })
    await platform.run(async (stateContext) => {
      expect(stateContext.getRequestContext('k')).toBe('v1')
      stateContext.setResponseContext('k', 'v2', { hour: 1 })
    }, 'lost')
    await platform.run(async (stateContext) => expect(stateContext.getRequestContext('k')).toBe('v1'))
    await expect(
      platform.run(async (stateContext) => {
        stateContext.setResponseContext('k', 'v3', { hour: 1 })
        throw new Error('failed invocation')
      })
    ).rejects.toThrow('failed invocation')
    expect(platform.snapshot().get('k')).toBe('v1')
  })

  it('values expire after their TTL', async () => {
    let now = 1_000_000
    const platform = new SegmentStatePlatform(() => now)
    await platform.run(async (stateContext) => stateContext.setResponseContext('k', 'v', { minute: 1 }))
    now += 59_000
    expect(platform.snapshot().get('k')).toBe('v')
    now += 2_000
    expect(platform.snapshot().get('k')).toBeUndefined()
  })
})
