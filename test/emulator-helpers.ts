// Shared helpers for the emulator tests (not a test file itself).
import { DEMO_CREDENTIALS } from '../src/emulator/seed'
import type { RunningEmulator } from '../src/emulator/server'

export const basicAuth = (
  user: string = DEMO_CREDENTIALS.apiKeySid,
  password: string = DEMO_CREDENTIALS.apiKeySecret
) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

export const apiPath = (accountSid: string = DEMO_CREDENTIALS.accountSid) => `/2010-04-01/Accounts/${accountSid}`

export interface JsonResponse {
  status: number
  headers: Headers
  body: Record<string, unknown> & { code?: number; status?: number }
}

export async function getJson(emulator: RunningEmulator, pathOrUrl: string, auth = basicAuth()): Promise<JsonResponse> {
  const url = /^https?:/.test(pathOrUrl) ? pathOrUrl : `${emulator.url}${pathOrUrl}`
  const response = await fetch(url, { headers: auth ? { authorization: auth } : {} })
  return { status: response.status, headers: response.headers, body: (await response.json()) as JsonResponse['body'] }
}

export type FormInput = Record<string, string | string[]>

export function form(input: FormInput): URLSearchParams {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(input)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item)
  }
  return params
}

export async function sendMessage(emulator: RunningEmulator, input: FormInput, auth = basicAuth()) {
  const response = await fetch(`${emulator.url}${apiPath()}/Messages.json`, {
    method: 'POST',
    headers: { authorization: auth },
    body: form(input)
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { code?: number } }
}
