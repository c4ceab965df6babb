// The local dev server: the HTTP API of Segment's `actions-cli serve` (the one its Actions Tester drives) for
// one destination, on loopback only. Every response body and log line goes through the redactor.
import type { Server } from 'node:http'
import { listenOnLoopback } from '../loopback'
import path from 'node:path'
import express, { type NextFunction, type Request, type Response } from 'express'
import cors from 'cors'
import type { JSONObject } from '@segment/actions-core'
import { createRedactor, credentialsFromSettings, type CredentialSet, type Redactor } from './redact'
import {
  BadRequest,
  DestinationRunner,
  isObject,
  type AnyDestinationDefinition,
  type ErrorEntry,
  type Exchange,
  type SendResult
} from './runner'
import { createTesterRouter, type TesterOptions } from './tester'
import { createCallbackReceiver } from './callbacks'

export type LogFn = (line: string) => void

export interface DevServerOptions {
  destination: AnyDestinationDefinition
  /** Receives every log line, already redacted. Default: console.log with a time stamp. */
  log?: LogFn
  /** Credentials known up front (live credentials from the environment, the emulator's demo key): always redacted. */
  secrets?: CredentialSet[]
  /** Largest JSON body accepted; larger bodies get 413. Default 1mb. */
  bodyLimit?: string
  /** The mapping tester page's routes (`/tester/*`): the emulator to show the outbox of, the demo settings. */
  tester?: TesterOptions
}

/** Segment's app origins, as actions-cli allows them, plus any local page (the tester served here, a dev UI). */
export const CORS_ORIGINS = ['https://app.segment.com', 'https://eu1.app.segment.com', 'http://localhost:8000']
const LOCAL_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/

export function isAllowedOrigin(origin: string | undefined): boolean {
  return origin === undefined || CORS_ORIGINS.includes(origin) || LOCAL_ORIGIN.test(origin)
}

/** Static assets (the tester page of issue 5 goes here as `index.html`); served after the API routes. */
export const PUBLIC_DIR = path.join(__dirname, 'public')

export const defaultLog: LogFn = (line) => console.log(`[${new Date().toISOString()}] ${line}`)

export function createDevServerApp(options: DevServerOptions) {
  const runner = new DestinationRunner(options.destination)
  const log = options.log ?? defaultLog
  const globalSecrets = options.secrets ?? []
  const redactorFor = (body: unknown): Redactor =>
    createRedactor([...globalSecrets, ...credentialsFromSettings(isObject(body) ? body.settings : undefined)])
  const baseRedactor = createRedactor(globalSecrets)

  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)
  app.locals.runner = runner

  // Chrome's Private Network Access: a page on https://app.segment.com may call this loopback server only if the
  // preflight says so. Answered for allowed origins only, before cors ends the preflight.
  app.use((req, res, next) => {
    if (
      req.method === 'OPTIONS' &&
      req.get('access-control-request-private-network') === 'true' &&
      isAllowedOrigin(req.get('origin'))
    ) {
      res.set('Access-Control-Allow-Private-Network', 'true')
    }
    next()
  })
  app.use(cors({ origin: (origin, callback) => callback(null, isAllowedOrigin(origin)), maxAge: 600 }))

  // Request log: one line per request, written when the response is finished.
  app.use((req, res, next) => {
    const started = Date.now()
    res.on('finish', () => {
      const redact = (res.locals.redact as Redactor | undefined) ?? baseRedactor
      log(redact.text(`${req.method} ${req.originalUrl} -> ${res.statusCode} in ${Date.now() - started} ms`))
    })
    next()
  })

  app.use(express.json({ limit: options.bodyLimit ?? '1mb', strict: false }))

  // Every JSON answer goes out redacted with the secrets of this request's settings and the known ones.
  app.use((req, res, next) => {
    const redact = redactorFor(req.body)
    res.locals.redact = redact
    const json = res.json.bind(res)
    res.json = (body: unknown) => json(redact(body))
    next()
  })

  app.use('/callbacks', createCallbackReceiver({ log }))

  app.get('/manifest', (_req, res) => {
    res.json(runner.manifest())
  })

  app.post('/authenticate', async (req, res) => {
    // actions-cli posts the settings object itself; `{settings: {...}}` is accepted too.
    const body = req.body
    if (!isObject(body)) throw new BadRequest('POST /authenticate expects the settings as a JSON object.')
    const settings = isObject(body.settings) ? body.settings : body
    const result = await runner.authenticate(settings as JSONObject)
    const redact = res.locals.redact as Redactor
    log(redact.text(result.ok ? '  authentication ok' : `  authentication failed: ${result.error}`))
    res.status(200).json(result)
  })

  app.post('/:action', async (req, res) => {
    const body = requireBody(req)
    if (!('payload' in body) || body.payload === undefined || body.payload === null) {
      throw new BadRequest('payload is required: a Segment event (object), or an array of events for the batch path.')
    }
    const result = await runner.send(req.params.action as string, {
      payload: body.payload,
      settings: body.settings as JSONObject,
      mapping: optionalObject(body, 'mapping'),
      auth: optionalObject(body, 'auth'),
      features: optionalObject(body, 'features') as Record<string, boolean> | undefined,
      subscriptionMetadata: optionalObject(body, 'subscriptionMetadata')
    })
    logResult(log, res.locals.redact as Redactor, result)
    res.status(200).json(result)
  })

  app.post('/:action/:field', async (req, res) => {
    const body = requireBody(req)
    const page = body.page
    if (page !== undefined && page !== null && typeof page !== 'string') throw new BadRequest('page must be a string.')
    const result = await runner.dynamicField(req.params.action as string, req.params.field as string, {
      settings: body.settings as JSONObject,
      payload: optionalObject(body, 'payload'),
      page: typeof page === 'string' ? page : undefined,
      dynamicFieldContext: optionalObject(body, 'dynamicFieldContext'),
      auth: optionalObject(body, 'auth'),
      features: optionalObject(body, 'features') as Record<string, boolean> | undefined
    })
    const redact = res.locals.redact as Redactor
    log(
      redact.text(
        result.error
          ? `  dynamic field ${req.params.field}: error ${result.error.code}: ${result.error.message}`
          : `  dynamic field ${req.params.field}: ${result.choices.length} choices${result.nextPage ? ', more pages' : ''}`
      )
    )
    res.status(200).json(result)
  })

  app.use('/tester', createTesterRouter(options.tester, globalSecrets))

  // Static assets: the place for the tester page (issue 5). Until it exists, `GET /` describes the server.
  app.use(express.static(PUBLIC_DIR, { index: 'index.html' }))
  app.get('/', (_req, res) => {
    res.json({
      name: `${options.destination.name} dev server`,
      routes: ['GET /manifest', 'POST /authenticate', 'POST /:action', 'POST /:action/:field'],
      actions: runner.actionSlugs()
    })
  })

  app.use((req, res) => {
    res.status(404).json({
      error: `No route ${req.method} ${req.path}. Routes: GET /manifest, POST /authenticate, POST /<action> (${runner
        .actionSlugs()
        .join(', ')}), POST /<action>/<field>.`
    })
  })

  // Bad input never crashes the server: parse errors, oversize bodies, unknown actions, anything thrown.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const redact = (res.locals.redact as Redactor | undefined) ?? baseRedactor
    const { status, message } = describeRequestError(error)
    if (status >= 500) log(redact.text(`  internal error: ${(error as Error)?.stack ?? String(error)}`))
    else log(redact.text(`  bad request: ${message}`))
    if (res.headersSent) return
    // The body parser may have failed before the redacting json wrapper was installed: redact here too.
    res
      .status(status)
      .type('application/json')
      .send(JSON.stringify(redact({ error: message })))
  })

  return app
}

function requireBody(req: Request): Record<string, unknown> {
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

function optionalObject(body: Record<string, unknown>, key: string): JSONObject | undefined {
  const value = body[key]
  if (value === undefined || value === null) return undefined
  if (!isObject(value)) throw new BadRequest(`${key} must be a JSON object.`)
  return value as JSONObject
}

function describeRequestError(error: unknown): { status: number; message: string } {
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

function logResult(log: LogFn, redact: Redactor, result: SendResult): void {
  const logExchange = (exchange: Exchange) =>
    log(
      redact.text(
        `  ${exchange.request.method} ${exchange.request.url} -> ${exchange.response.statusCode} ${exchange.response.statusMessage}`
      )
    )
  for (const item of result) {
    if ('noRequest' in item) {
      log(redact.text(`  ${item.message}`))
    } else if ('requestError' in item) {
      const entry = item as ErrorEntry
      entry.exchanges?.forEach(logExchange)
      const where = entry.eventIndex !== undefined ? ` (event ${entry.eventIndex})` : ''
      log(redact.text(`  error${where} ${entry.statusCode}${entry.code ? ` ${entry.code}` : ''}: ${entry.message}`))
    } else {
      logExchange(item as Exchange)
    }
  }
}

export interface RunningDevServer {
  url: string
  port: number
  server: Server
  close(): Promise<void>
}

/** Listens on 127.0.0.1 (loopback only); port 0 picks a free port. */
export async function startDevServer(
  options: DevServerOptions & { port?: number; host?: string }
): Promise<RunningDevServer> {
  const { server, url, port, close } = await listenOnLoopback(
    createDevServerApp(options),
    options.port ?? 3000,
    options.host ?? '127.0.0.1',
    'The dev server'
  )
  return { url, port, server, close }
}
