import fc from 'fast-check'
import nock from 'nock'
import {
  adversarialMappingArbitrary,
  createPropertyRunner,
  eventArbitrary,
  mappingArbitrary
} from './helpers/message-arbitraries'
import { createMessageViolations } from './helpers/contract'

const RUNS = Number(process.env.PROPERTY_RUNS ?? 400)
const ADVERSARIAL_RUNS = Math.ceil(RUNS / 4)
const runner = createPropertyRunner()

beforeAll(() => nock.disableNetConnect())
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

  it(`adversarial shapes in any field (long runs of '{' and spaces, many keys, deep nesting, bad URLs): each case within its budget (${ADVERSARIAL_RUNS} seeded runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(adversarialMappingArbitrary, eventArbitrary, async (mapping, event) => {
        await runner.check(mapping, event)
      }),
      { numRuns: ADVERSARIAL_RUNS, seed: 20261206 }
    )
  }, 120_000)

  it('the contract check itself rejects what Twilio would', () => {
    const valid: Array<[string, string]> = [
      ['To', '+14155552671'],
      ['From', '+14155550100'],
      ['Body', 'hi']
    ]
    expect(createMessageViolations(valid)).toEqual([])
    expect(createMessageViolations([...valid, ['Tags', '{"a":"b"}']])).toEqual([])
    expect(createMessageViolations(valid.slice(1))).toContain('To: required')
    expect(createMessageViolations([...valid, ['Bodyy', 'x']])).toContain('Bodyy: not a CreateMessage parameter')
    expect(createMessageViolations([...valid, ['ContentSid', 'HX1']]).join()).toMatch(/ContentSid/)
    expect(
      createMessageViolations([
        ['To', '+14155552671'],
        ['From', '+14155550100'],
        ['Body', 'Hi {{x}}']
      ]).join()
    ).toMatch(/raw placeholder/)
    expect(createMessageViolations([...valid, ['ScheduleType', 'later']]).join()).toMatch(/ScheduleType/)
    expect(
      createMessageViolations([
        ['To', '+14155552671'],
        ['From', '+14155550100']
      ]).join()
    ).toMatch(/Body, MediaUrl or ContentSid: required/)
  })
})
