// The parity table of test/server/serve-parity.test.ts: requests with the answer Segment's `actions-cli serve`
// gives (read from its source, packages/cli/src/lib/server.ts), and ours where it differs on purpose.
// The rows live in one module per route group; the shared types and checks in ./serve-table-harness.
import { actionRows } from './serve-table-actions'
import { authRows } from './serve-table-auth'
import { badRequestRows } from './serve-table-bad-requests'
import { dynamicFieldRows } from './serve-table-dynamic-fields'
import type { Row, TableContext } from './serve-table-harness'
import { originRows } from './serve-table-origins'

export type { Expectation, Row, TableContext } from './serve-table-harness'
export { probeDefinition } from './serve-table-dynamic-fields'

/** The table, in route order; `context` is filled once the servers listen (requests are built when a row runs). */
export const serveTable = (context: TableContext): Row[] => [
  ...authRows(context),
  ...actionRows(context),
  ...dynamicFieldRows(context),
  ...badRequestRows(context),
  ...originRows(context)
]
