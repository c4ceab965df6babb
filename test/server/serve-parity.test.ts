// Parity with Segment's `actions-cli serve`: the table of test/server/serve-table.ts (each request with the
// answer serve gives, read from its source, packages/cli/src/lib/server.ts; summarised in the team's actions-core
// notes, "Segment's local server"), checked against our dev server over real HTTP with the Twilio emulator behind
// it. A row where ours answers differently on purpose must be in docs/dev-server.md's route/serve/ours/why table.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { startEmulator, type RunningEmulator } from '../../src/emulator'
import { emulatedDestination } from '../../src/server/config'
import { startDevServer, type RunningDevServer } from '../../src/server/app'
import { settingsFor } from '../../src/server/samples'
import { rawRequest, type RawResponse } from './raw-http'
import { probeDefinition, serveTable, type TableContext } from './serve-table'

let emulator: RunningEmulator
let server: RunningDevServer
let probe: RunningDevServer
const context = {} as TableContext
const answers: RawResponse[] = []

beforeAll(async () => {
  emulator = await startEmulator()
  context.settings = settingsFor(emulator.credentials)
  server = await startDevServer({ destination: emulatedDestination(emulator.url), port: 0, log: () => undefined })
  context.port = server.port
  probe = await startDevServer({ destination: probeDefinition, port: 0, log: () => undefined })
})

afterAll(async () => {
  await Promise.all([server.close(), probe.close(), emulator.close()])
})

describe('each request of the table: serve’s answer, or a documented difference', () => {
  const docs = readFileSync(path.join(__dirname, '..', '..', 'docs', 'dev-server.md'), 'utf8')
  const documentedRoutes = docs
    .split('\n')
    .filter((line) => line.startsWith('| '))
    .map((line) => line.split('|')[1].replace(/`/g, '').trim())

  it.each(serveTable(context).map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const target = row.server === 'probe' ? probe : server
    const response = await rawRequest(target.url, row.request())
    answers.push(response)
    const expected = row.ours ?? row.serve
    expect(response.status).toBe(expected.status)
    expected.check?.(response)
    // A deliberate difference (a status, or the shape of an answer) is in the docs table, with why.
    if (row.ours) expect(documentedRoutes).toContain(row.ours.documentedAs)
  })

  it('no answer carries a stack trace or an absolute path of this machine', () => {
    expect(answers.length).toBeGreaterThan(30)
    const root = path.resolve(__dirname, '..', '..')
    for (const { text } of answers) {
      expect(text).not.toContain(root)
      expect(text).not.toMatch(/\n\s+at \S/)
      expect(text).not.toMatch(/"stack"/)
    }
  })
})
