import { fields } from '../fields'
import { passesFrameworkValidation, pairPayloadsWithEvents } from '../pairing'
import { mapping, smsEvent } from './__helpers__/fixtures'

describe('pairPayloadsWithEvents', () => {
  // Bob's validity is not a number: actions-core's schema refuses his payload, so performBatch gets two payloads.
  const withValidity = { ...mapping, validityPeriod: { '@path': '$.properties.ttl' } }
  const adaBobCy = () => [
    smsEvent({ phone: 14155550001, first_name: 'Ada', ttl: '600' }),
    smsEvent({ phone: 14155550002, first_name: 'Bob', ttl: 'soon' }),
    smsEvent({ phone: 14155550003, first_name: 'Cy' })
  ]

  it('redoes the framework decision per event: same verdicts as actions-core, and no pairing rather than a wrong one', () => {
    const events = adaBobCy()
    expect(events.map((event) => passesFrameworkValidation(event, withValidity as never, fields))).toEqual([
      true,
      false,
      true
    ])
    expect(pairPayloadsWithEvents(events, 2, withValidity, fields)).toEqual({
      events: [events[0], events[2]],
      method: 'revalidated'
    })
    // Counts that the framework's steps cannot produce: nothing is paired.
    expect(pairPayloadsWithEvents(events, 1, withValidity, fields).method).toBe('unpaired')
    expect(pairPayloadsWithEvents(events, 3, withValidity, fields).method).toBe('all-valid')
  })

  it('pairs by the payloads’ messageIds when they carry them, without validating again', () => {
    const events = adaBobCy()
    const ids = [events[0].messageId, events[2].messageId]
    expect(pairPayloadsWithEvents(events, 2, undefined, fields, ids)).toEqual({
      events: [events[0], events[2]],
      method: 'by-message-id'
    })
    // An id no event has: never a guess.
    expect(pairPayloadsWithEvents(events, 2, undefined, fields, [ids[0], 'other']).method).toBe('unpaired')
  })
})
