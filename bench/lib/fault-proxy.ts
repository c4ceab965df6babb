// A fault-injecting HTTP proxy between the destination and the emulator, for the fresh-process fault run. Unlike
// the emulator's own faults (decided before anything is stored), these include the dangerous ones: Twilio created
// the message and then the answer was lost (too late, a 500, a reset connection). Decided per Create Message
// request by a seeded PRNG; every other request (the readback's list) passes through untouched.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createPrng } from '../../src/emulator/faults'

export type ProxyFault =
  'slow-after-create' | '500-after-create' | 'reset-after-create' | '503-before-create' | 'reset-before-create' | '429'

export interface ProxyFaultRates {
  /** Created, answered later than the client waits (accepted but unanswered). */
  slowAfterCreate: number
  error500AfterCreate: number
  resetAfterCreate: number
  error503BeforeCreate: number
  /** The connection reset before the request reached Twilio: nothing created, and the client cannot tell. */
  resetBeforeCreate?: number
  rate429: number
}

export interface FaultProxy {
  url: string
  counts: Record<ProxyFault | 'passed', number>
  setRates(rates: Partial<ProxyFaultRates>): void
  close(): Promise<void>
}

export async function startFaultProxy(
  target: string,
  options: { rates: ProxyFaultRates; seed: number; slowMs: number }
): Promise<FaultProxy> {
  const random = createPrng(options.seed)
  let rates = { ...options.rates }
  const counts: FaultProxy['counts'] = {
    passed: 0,
    'slow-after-create': 0,
    '500-after-create': 0,
    'reset-after-create': 0,
    '503-before-create': 0,
    'reset-before-create': 0,
    '429': 0
  }
  const decide = (): ProxyFault | undefined => {
    const draw = random()
    let edge = 0
    const table: Array<[ProxyFault, number]> = [
      ['slow-after-create', rates.slowAfterCreate],
      ['500-after-create', rates.error500AfterCreate],
      ['reset-after-create', rates.resetAfterCreate],
      ['503-before-create', rates.error503BeforeCreate],
      ['reset-before-create', rates.resetBeforeCreate ?? 0],
      ['429', rates.rate429]
    ]
    for (const [fault, rate] of table) {
      edge += rate
      if (draw < edge) return fault
    }
    return undefined
  }
  const twilioError = (res: http.ServerResponse, status: number, code: number, message: string) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code, message, status }))
  }
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const isCreate = req.method === 'POST' && /\/Messages\.json$/.test(req.url ?? '')
      const fault = isCreate ? decide() : undefined
      counts[fault ?? 'passed']++
      if (fault === '429') return twilioError(res, 429, 20429, 'Too Many Requests')
      if (fault === '503-before-create') return twilioError(res, 503, 20503, 'Service Unavailable')
      if (fault === 'reset-before-create') return void req.socket.destroy()
      const upstream = http.request(
        `${target}${req.url}`,
        { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
        (answer) => {
          const answerChunks: Buffer[] = []
          answer.on('data', (chunk: Buffer) => answerChunks.push(chunk))
          answer.on('end', () => {
            const relay = () => {
              if (res.destroyed) return
              res.writeHead(answer.statusCode ?? 502, answer.headers).end(Buffer.concat(answerChunks))
            }
            if (fault === 'reset-after-create') return req.socket.destroy()
            if (fault === '500-after-create') return twilioError(res, 500, 20500, 'Internal Server Error')
            if (fault === 'slow-after-create') return void setTimeout(relay, options.slowMs)
            relay()
          })
        }
      )
      upstream.on('error', () => req.socket.destroy())
      upstream.end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    setRates: (next) => {
      rates = { ...rates, ...next }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
