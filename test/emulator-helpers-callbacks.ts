// A status-callback receiver for the emulator tests (not a test file itself): records every request on loopback
// and answers with the statuses it is told to, so tests can check signatures, retries and payloads.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedCallback {
  path: string
  headers: IncomingHttpHeaders
  params: Record<string, string>
}

export interface CallbackReceiver {
  url: string
  received: ReceivedCallback[]
  /** Statuses to answer, in order; 200 once they run out. */
  answers: number[]
  close(): Promise<void>
}

export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = []
  const answers: number[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')))
      received.push({ path: req.url ?? '', headers: req.headers, params })
      res.statusCode = answers.shift() ?? 200
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
