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
