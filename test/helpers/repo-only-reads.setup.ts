// Jest setupFilesAfterEnv: every suite runs with the repo-only-reads guard, and a suite fails when any read outside
// the repository was refused, even one the code under test caught.
import { installRepoOnlyReads, takeViolations } from './repo-only-reads'

installRepoOnlyReads()

beforeAll(() => {
  takeViolations()
})

afterAll(() => {
  const refused = takeViolations()
  if (refused.length > 0) throw new Error(`Reads outside the repository:\n${refused.join('\n')}`)
})

// nock activates on import by overriding http's globals, and with jest running suites one after another in one
// process, a suite that leaves it active hands it to the next ones (and a new import wraps it again). Each suite
// puts http back when it ends.
afterAll(() => {
  const nock = require('nock') as { restore(): void; isActive(): boolean }
  if (nock.isActive()) nock.restore()
})
