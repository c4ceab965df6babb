// Every row of the destination's build-request table, checked against Twilio's OpenAPI CreateMessageRequest: the
// folder's own tests assert the exact parameters, this project-level test that Twilio's spec accepts them.
import { buildMessageRequest } from '../src/destinations/twilio-messaging/sendMessage/build-request'
import {
  BUILD_CASES,
  CASE_EVENT
} from '../src/destinations/twilio-messaging/sendMessage/__tests__/__helpers__/build-request-cases'
import { NOW } from '../src/destinations/twilio-messaging/__tests__/__helpers__/fixtures'
import { createMessageViolations } from './helpers/contract'

describe("build-request cases against Twilio's OpenAPI spec", () => {
  it.each(BUILD_CASES)('%s', (_name, payload) => {
    const params = buildMessageRequest(payload, { event: CASE_EVENT, now: NOW }).params
    expect(params.length).toBeGreaterThan(0)
    expect(createMessageViolations(params)).toEqual([])
  })

  it('flags a parameter the spec does not have, so the check itself can fail', () => {
    expect(createMessageViolations([['Nonsense', 'x']])).not.toEqual([])
  })
})
