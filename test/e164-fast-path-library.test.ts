// The E.164 fast path against google-libphonenumber over many numbers (15% of those generated for every calling code):
// seconds of CPU, so outside the destination's folder, whose own test compares a 2% sample.
import { compareWithLibrary } from '../src/destinations/twilio-messaging/sendMessage/__tests__/__helpers__/e164-library'

it('fastE164 agrees with google-libphonenumber on every number it answers, for every calling code', () => {
  const { disagreements, answeredShare } = compareWithLibrary(0.15)
  expect(disagreements.slice(0, 20)).toEqual([])
  expect(answeredShare).toBeGreaterThan(0.6)
}, 60_000)
