// A raw HTTP client for the server tests: unlike fetch it sends exactly the headers given (Host, Origin,
// Sec-Fetch-Site), as a browser or a DNS-rebinding page would. Not a test file itself.
import { request } from 'node:http'

export interface RawRequest {
  method?: string
  path: string
  headers?: Record<string, string>
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown
  /** Sent as is (bad JSON, a form). */
  body?: string
}

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  /** The parsed JSON, or the text when the answer is not JSON. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read untyped JSON answers
  body: any
}

export function rawRequest(baseUrl: string, input: RawRequest): Promise<RawResponse> {
  const url = new URL(input.path, baseUrl)
  const body = input.json !== undefined ? JSON.stringify(input.json) : input.body
  const headers: Record<string, string> = {
    ...(input.json !== undefined ? { 'content-type': 'application/json' } : {}),
    ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
    ...input.headers
  }
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port,
        path: url.pathname + url.search,
        method: input.method ?? 'GET',
        headers,
        setHost: !('host' in headers)
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let parsed: unknown = text
          try {
            parsed = JSON.parse(text)
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed })
        })
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    if (body !== undefined) req.write(body)
    req.end()
  })
}
