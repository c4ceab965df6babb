// What destination-actions' test/setup-after-env.ts does around every suite there (read from the monorepo):
// nock's interceptors cleared before each test, the network closed but for 127.0.0.1, nock restored afterwards.
/* global beforeEach, beforeAll, afterAll */
const nock = require('nock')

beforeEach(() => {
  nock.cleanAll()
})

beforeAll(() => {
  nock.disableNetConnect()
  nock.enableNetConnect('127.0.0.1')
  if (!nock.isActive()) nock.activate()
})

afterAll(() => {
  nock.restore()
  nock.enableNetConnect()
  nock.cleanAll()
})
