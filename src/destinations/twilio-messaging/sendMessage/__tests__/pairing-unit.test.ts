import { fields } from '../fields'
import { passesFrameworkValidation, pairPayloadsWithEvents } from '../pairing'
import { mapping, smsEvent } from './__helpers__/fixtures'

describe('pairPayloadsWithEvents', () => {
  const adaNobodyBob = () => [
    smsEvent({ phone: 14155550001, first_name: 'Ada' }),
    smsEvent({ phone: undefined, first_name: 'Nobody' }),
    smsEvent({ phone: 14155550003, first_name: 'Bob' })
  ]

  it('redoes the framework decision per event: same verdicts as actions-core, and no pairing rather than a wrong one', () => {
    const events = adaNobodyBob()
    expect(events.map((event) => passesFrameworkValidation(event, mapping as never, fields))).toEqual([
      true,
      false,
      true
    ])
    expect(pairPayloadsWithEvents(events, 2, mapping, fields)).toEqual({
      events: [events[0], events[2]],
      method: 'revalidated'
    })
    // Counts that the framework's steps cannot produce: nothing is paired.
    expect(pairPayloadsWithEvents(events, 1, mapping, fields).method).toBe('unpaired')
    expect(pairPayloadsWithEvents(events, 3, mapping, fields).method).toBe('all-valid')
  })
})
