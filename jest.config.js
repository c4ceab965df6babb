/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  // actions-core needs AbortSignal.any, which jsdom lacks
  testEnvironment: 'node',
  // Project-level tests live in test/; the destination's own tests travel with its folder (__tests__, Segment's layout).
  roots: ['<rootDir>/test', '<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  // no suite may read outside the repository (a user's clone has nothing beside it)
  // and none leaves nock patching Node's http for the suites after it (test/helpers/nock-restore.setup.ts)
  setupFilesAfterEnv: [
    '<rootDir>/test/helpers/repo-only-reads.setup.ts',
    '<rootDir>/test/helpers/nock-restore.setup.ts'
  ],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }]
  }
}
