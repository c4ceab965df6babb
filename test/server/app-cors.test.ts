// CORS of the dev server: exactly the origins actions-cli serve allows, Private Network Access preflights.
import { useDevServer } from './app-harness'

const app = useDevServer()

describe('CORS', () => {
  const preflight = (origin: string) =>
    fetch(`${app.server.url}/sendMessage`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' }
    })

  // Exactly actions-cli serve's list (packages/cli/src/lib/server.ts).
  it.each([
    'https://app.segment.com',
    'https://eu1.app.segment.com',
    'https://app.segment.build',
    'https://eu1.app.segment.build',
    'http://localhost:8000'
  ])('allows %s', async (origin) => {
    const response = await preflight(origin)
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe(origin)
    expect(response.headers.get('access-control-allow-methods')).toMatch(/POST/)
  })

  it('answers Private Network Access preflights from allowed origins only', async () => {
    const ask = (origin: string) =>
      fetch(`${app.server.url}/sendMessage`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-private-network': 'true'
        }
      })
    expect((await ask('https://app.segment.com')).headers.get('access-control-allow-private-network')).toBe('true')
    expect((await ask('https://evil.example.com')).headers.get('access-control-allow-private-network')).toBeNull()
  })

  it('a simple request from an allowed origin gets the CORS header', async () => {
    const response = await fetch(`${app.server.url}/manifest`, { headers: { origin: 'https://app.segment.com' } })
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.segment.com')
  })

  it.each([
    'https://evil.example.com',
    'http://app.segment.com',
    'http://localhost.evil.com',
    'http://localhost:5173',
    'http://127.0.0.1:3001'
  ])('refuses %s', async (origin) => {
    const response = await preflight(origin)
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
  })
})
