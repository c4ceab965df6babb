// The destination folder's own tests under the monorepo's jest 27, nock 13 and per-file transpilation.
const path = require('path')

module.exports = {
  rootDir: path.resolve(__dirname, '../..'),
  roots: ['<rootDir>/src/destinations/twilio-messaging'],
  // jest's default testMatch (every file under __tests__) and the monorepo's ignore list, as destination-actions'
  // package.json sets them: a helper module under __tests__ outside __helpers__ would fail there as an empty suite.
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '__tests__/__helpers__/'],
  // Resolved here: from the project root they would be jest 29's.
  testEnvironment: require.resolve('jest-environment-node', { paths: [__dirname] }),
  testRunner: require.resolve('jest-circus/runner', { paths: [__dirname] }),
  transform: { '^.+\\.ts$': path.join(__dirname, 'transpile.js') },
  moduleNameMapper: { '^nock$': path.join(__dirname, 'node_modules/nock') },
  setupFilesAfterEnv: [path.join(__dirname, 'setup-after-env.js')],
  moduleFileExtensions: ['ts', 'js', 'json']
}
