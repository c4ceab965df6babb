/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  // actions-core needs AbortSignal.any, which jsdom lacks
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // no suite may read outside the repository (a user's clone has nothing beside it)
  setupFilesAfterEnv: ['<rootDir>/test/helpers/repo-only-reads.setup.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }]
  }
}
