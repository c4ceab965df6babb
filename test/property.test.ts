import fc from 'fast-check'
import nock from 'nock'
import { createPropertyRunner, eventArbitrary, mappingArbitrary } from './helpers/message-arbitraries'
import { checkCreateMessageParams } from './helpers/create-message-contract'

const RUNS = Number(process.env.PROPERTY_RUNS ?? 400)
const runner = createPropertyRunner()

beforeAll(() => {
  nock.disableNetConnect()
  delete process.env.TWILIO_MESSAGING_BASE_URL
})
afterAll(() => {
  runner.uninstall()
  nock.enableNetConnect()
})

describe('property: any mapping and event', () => {
  it(`gives a validation error naming a field, or a request that passes the CreateMessage contract (${RUNS} seeded runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(mappingArbitrary, eventArbitrary, async (mapping, event) => {
        await runner.check(mapping, event)
      }),
      { numRuns: RUNS, seed: 20260601 }
    )
    // Both sides of the property were reached.
    expect(runner.counts.sent).toBeGreaterThan(0)
    expect(runner.counts.validation).toBeGreaterThan(0)
  }, 120_000)

  it('the contract check itself rejects what Twilio would', () => {
    expect(
      checkCreateMessageParams([
        ['To', '+14155552671'],
        ['From', '+14155550100'],
        ['Body', 'hi']
      ])
    ).toEqual([])
    expect(checkCreateMessageParams([['From', '+14155550100']])).toContain('missing required To')
    expect(
      checkCreateMessageParams([
        ['To', '+1'],
        ['Bodyy', 'x']
      ])
    ).toContain('Bodyy is not a CreateMessageRequest parameter')
    expect(
      checkCreateMessageParams([
        ['To', '+14155552671'],
        ['ContentSid', 'HX1']
      ]).join()
    ).toMatch(/ContentSid/)
    expect(
      checkCreateMessageParams([
        ['To', '+14155552671'],
        ['Body', 'Hi {{x}}']
      ]).join()
    ).toMatch(/placeholder/)
    expect(
      checkCreateMessageParams([
        ['To', '+14155552671'],
        ['ScheduleType', 'later']
      ]).join()
    ).toMatch(/ScheduleType/)
    expect(
      checkCreateMessageParams([
        ['To', '+14155552671'],
        ['Tags', '{"a":"b"}']
      ])
    ).toEqual([])
  })
})
