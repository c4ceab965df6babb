// The dropdown tests' surroundings: no network but nock's, and every mocked request consumed by the test that set
// it up.
import nock from 'nock'

export function useNockedTwilio(): void {
  beforeAll(() => nock.disableNetConnect())
  afterAll(() => nock.enableNetConnect())
  afterEach(() => {
    const pending = nock.pendingMocks()
    nock.cleanAll()
    expect(pending).toEqual([])
  })
}
