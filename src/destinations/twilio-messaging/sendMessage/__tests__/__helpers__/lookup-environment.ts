// The dropdown tests' surroundings: Twilio's real hosts (no emulator override), no network but nock's, and every
// mocked request consumed by the test that set it up.
import nock from 'nock'
import { TWILIO_BASE_URL_ENV } from '../../../twilio'

export function useNockedTwilio(): void {
  const savedOverride = process.env[TWILIO_BASE_URL_ENV]
  beforeAll(() => {
    delete process.env[TWILIO_BASE_URL_ENV]
    nock.disableNetConnect()
  })
  afterAll(() => {
    if (savedOverride !== undefined) process.env[TWILIO_BASE_URL_ENV] = savedOverride
    nock.enableNetConnect()
  })
  afterEach(() => {
    const pending = nock.pendingMocks()
    nock.cleanAll()
    expect(pending).toEqual([])
  })
}
