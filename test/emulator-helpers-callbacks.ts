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
  /** Headers of every answer (a `location` for a redirect). */
  headers: Record<string, string>
  close(): Promise<void>
}

export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const receiver: CallbackReceiver = {
    url: '',
    received: [],
    answers: [],
    headers: {},
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')))
      receiver.received.push({ path: req.url ?? '', headers: req.headers, params })
      res.statusCode = receiver.answers.shift() ?? 200
      for (const [name, value] of Object.entries(receiver.headers)) res.setHeader(name, value)
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return receiver
}
