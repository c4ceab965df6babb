// Reading the dev server's requests: the body a route needs, optional objects in it, and the status and message a
// failed request gets (parse errors, oversized bodies, the caller's mistakes; anything else is a 500).
import type { Request } from 'express'
import type { JSONObject } from '@segment/actions-core'
import { BadRequest } from './errors'
import { isObject } from './json'

export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
}

export function requireBody(req: Request): Record<string, unknown> {
  const body = req.body
  if (!isObject(body)) {
    throw new BadRequest(
      `POST ${req.path} expects a JSON object body (Content-Type: application/json) with payload and settings.`
    )
  }
  if (!isObject(body.settings)) {
    throw new BadRequest(
      'settings is required: the destination settings as an object, e.g. {"accountSID": "AC…", "apiKeySID": "SK…", "apiKeySecret": "…"}.'
    )
  }
  return body
}

export function optionalObject(body: Record<string, unknown>, key: string): JSONObject | undefined {
  const value = body[key]
  if (value === undefined || value === null) return undefined
  if (!isObject(value)) throw new BadRequest(`${key} must be a JSON object.`)
  return value as JSONObject
}

export function describeRequestError(error: unknown): { status: number; message: string } {
  if (error instanceof BadRequest) return { status: error.status, message: error.message }
  const typed = error as { type?: string; status?: number; statusCode?: number; message?: string; limit?: number }
  switch (typed?.type) {
    case 'entity.parse.failed': {
      // Never echo the body: V8's message quotes it, and it may hold a secret.
      const position = /position (\d+)/.exec(typed.message ?? '')?.[1]
      return {
        status: 400,
        message: `Request body is not valid JSON${position ? ` (near position ${position})` : ''}: check quotes, commas and brackets.`
      }
    }
    case 'entity.too.large':
      return { status: 413, message: `Request body is too large (limit ${typed.limit ?? '1mb'} bytes).` }
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, message: typed.message ?? 'Unsupported request encoding.' }
  }
  const status = typed?.status ?? typed?.statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, message: typed?.message || 'Bad request.' }
  }
  return { status: 500, message: `Internal error in the dev server: ${typed?.message ?? String(error)}` }
}
