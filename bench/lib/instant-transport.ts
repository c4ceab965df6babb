// A transport that answers at once, without sockets: it replaces the fetch function actions-core's request
// client calls (node-fetch via cross-fetch). Used by the CPU benchmark and the property tests. The module is
// reached by its file path because actions-core's package exports do not expose it. Its responses' bodies arrive
// as streams, as node-fetch's do (a socket's bytes through a PassThrough).
import { join, dirname } from 'node:path'
import { PassThrough } from 'node:stream'
import { Response } from '@segment/actions-core'

type FetchLike = (request: { url: string; method: string; text(): Promise<string> }) => Promise<unknown>

const fetchModule = require(join(dirname(require.resolve('@segment/actions-core')), 'fetch.js')) as {
  default: FetchLike
}
const realFetch = fetchModule.default

export interface Captured {
  url: string
  method: string
  body: string
}

/** Installs a fetch answering every request with `answer(request)` (default 201 with a message). */
export function installInstantTransport(
  answer: (captured: Captured) => { status: number; body: unknown } = () => ({
    status: 201,
    body: { sid: 'SM00000000000000000000000000000000', status: 'queued' }
  }),
  onRequest?: (captured: Captured) => void
): () => void {
  fetchModule.default = async (request) => {
    const captured = {
      url: request.url,
      method: request.method,
      body: request.method === 'GET' ? '' : await request.text()
    }
    onRequest?.(captured)
    const { status, body } = answer(captured)
    const payload = new PassThrough()
    payload.end(Buffer.from(JSON.stringify(body)))
    return new Response(payload as never, { status, headers: { 'content-type': 'application/json' } })
  }
  return () => {
    fetchModule.default = realFetch
  }
}
