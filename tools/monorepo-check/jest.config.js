// The destination folder's own tests under the monorepo's jest 27, nock 13 and per-file transpilation.
const path = require('path')

module.exports = {
  rootDir: path.resolve(__dirname, '../..'),
  roots: ['<rootDir>/src/destinations/twilio-messaging'],
  testMatch: ['**/__tests__/**/*.test.ts'],
  // Resolved here: from the project root they would be jest 29's.
  testEnvironment: require.resolve('jest-environment-node', { paths: [__dirname] }),
  testRunner: require.resolve('jest-circus/runner', { paths: [__dirname] }),
  transform: { '^.+\\.ts$': path.join(__dirname, 'transpile.js') },
  moduleNameMapper: { '^nock$': path.join(__dirname, 'node_modules/nock') },
  moduleFileExtensions: ['ts', 'js', 'json']
}
