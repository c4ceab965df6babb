/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  // actions-core needs AbortSignal.any, which jsdom lacks
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }]
  }
}
