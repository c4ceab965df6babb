// The local dev server: the HTTP API of Segment's `actions-cli serve` (the one its Actions Tester drives) for
// one destination, on loopback only. Every response body and log line goes through the redactor.
import type { Server } from 'node:http'
import os from 'node:os'
import { listenOnLoopback } from '../loopback'
import { SEGMENT_ORIGINS } from '../loopback-guard'
import path from 'node:path'
import express, { type NextFunction, type Request, type Response } from 'express'
import type { JSONObject } from '@segment/actions-core'
import { createRedactor, credentialsFromSettings, type CredentialSet, type Redactor } from './redact'
import {
  BadRequest,
  DestinationRunner,
  DynamicFieldFailure,
  isObject,
  type AnyDestinationDefinition,
  type ErrorEntry,
  type Exchange,
  type SendResult
} from './runner'
import { createTesterRouter, type TesterOptions } from './tester'
import { callbackCheck, createCallbackReceiver } from './callbacks'
import { browserPolicy } from './browser-policy'
import { describeRequestError, kebabCase, optionalObject, requireBody } from './requests'

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
  /** The port of `npm run dev`'s live-reload socket, announced to the tester page at GET /dev/live-reload. */
  liveReloadPort?: number
  /** `directoryName` in GET /manifest: the destination's folder name (serve sends it). Default: the name in kebab case. */
  directoryName?: string
  /**
   * The auth token `/callbacks` checks signatures with: that of the account the messages are sent from (`npm start`
   * passes the emulator's). Default: the demo account's, when the tester's settings are the demo account's;
   * otherwise none, and every callback is refused.
   */
  callbackAuthToken?: string
}

/** Exactly the CORS origins of Segment's `actions-cli serve`, for serve's routes. The tester page is same-origin. */
export const CORS_ORIGINS = SEGMENT_ORIGINS

/** The project folder: hidden from every answer (as `.`), with the home folder (as `~`), so no absolute path leaves. */
const PROJECT_ROOT = path.resolve(__dirname, '..', '..')
export const HIDDEN_PATHS: Array<[string, string]> = [
  [PROJECT_ROOT, '.'],
  [process.cwd(), '.'],
  [os.homedir(), '~']
]

/** Static assets (the tester page of issue 5 goes here as `index.html`); served after the API routes. */
export const PUBLIC_DIR = path.join(__dirname, 'public')

export const defaultLog: LogFn = (line) => console.log(`[${new Date().toISOString()}] ${line}`)

export function createDevServerApp(options: DevServerOptions) {
  const log = options.log ?? defaultLog
  const globalSecrets = options.secrets ?? []
  const redactorFor = (body: unknown): Redactor =>
    createRedactor(
      [...globalSecrets, ...credentialsFromSettings(isObject(body) ? (body.settings ?? body) : undefined)],
      [],
      { paths: HIDDEN_PATHS }
    )
  const baseRedactor = createRedactor(globalSecrets, [], { paths: HIDDEN_PATHS })
  const directoryName = options.directoryName ?? kebabCase(options.destination.name)
  const runner = new DestinationRunner(options.destination)
  // Stack traces go to the log (redacted with the request's secrets: a message may quote one), never in a response.
  const logStack = (res: Response) => (error: unknown) =>
    log((res.locals.redact as Redactor).text(`  stack: ${(error as Error)?.stack ?? String(error)}`))

  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)
  app.locals.runner = runner

  // Request log: one line per request (refused ones too), written when the response is finished; a route may mark
  // its successful answers quiet (the tester page reads its outbox every second).
  app.use((req, res, next) => {
    const started = Date.now()
    res.on('finish', () => {
      if (res.locals.quiet === true && res.statusCode < 400) return
      const redact = (res.locals.redact as Redactor | undefined) ?? baseRedactor
      log(redact.text(`${req.method} ${req.originalUrl} -> ${res.statusCode} in ${Date.now() - started} ms`))
    })
    next()
  })

  app.use(browserPolicy({ refused: (message) => log(baseRedactor.text(`  refused: ${message}`)) }))

  app.use(express.json({ limit: options.bodyLimit ?? '1mb', strict: false }))

  // Every JSON answer goes out redacted with the secrets of this request's settings and the known ones.
  app.use((req, res, next) => {
    const redact = redactorFor(req.body)
    res.locals.redact = redact
    const json = res.json.bind(res)
    res.json = (body: unknown) => json(redact(body))
    next()
  })

  app.use('/callbacks', createCallbackReceiver({ ...callbackCheck(options), log }))

  app.get('/manifest', (_req, res) => {
    res.json({ ...(runner.manifest() as object), directoryName })
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

  // serve: settings `{}` and the body as the OAuth data; 400 `{ok: false, error}` unless the scheme is oauth2.
  app.post('/refreshAccessToken', async (req, res) => {
    const body = isObject(req.body) ? (req.body as JSONObject) : {}
    const result = await runner.refreshAccessToken(body)
    log(
      (res.locals.redact as Redactor).text(`  refreshAccessToken: ${result.body.ok ? 'ok' : String(result.body.error)}`)
    )
    res.status(result.status).json(result.body)
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
      subscriptionMetadata: optionalObject(body, 'subscriptionMetadata'),
      onUnexpectedError: logStack(res)
    })
    logResult(log, res.locals.redact as Redactor, result)
    res.status(200).json(result)
  })

  app.post('/:action/:field', async (req, res) => {
    const body = requireBody(req)
    // serve passes `req.body.page || 1`: a first request gets the number 1, later ones the nextPage given back.
    const page = body.page || 1
    if (typeof page !== 'string' && typeof page !== 'number') {
      throw new BadRequest('page must be the nextPage string of a previous answer, or a number (1 for the first page).')
    }
    const redact = res.locals.redact as Redactor
    let result
    try {
      result = await runner.dynamicField(req.params.action as string, req.params.field as string, {
        settings: body.settings as JSONObject,
        payload: optionalObject(body, 'payload'),
        page,
        dynamicFieldContext: optionalObject(body, 'dynamicFieldContext'),
        auth: optionalObject(body, 'auth'),
        features: optionalObject(body, 'features') as Record<string, boolean> | undefined,
        onUnexpectedError: logStack(res)
      })
    } catch (error) {
      if (!(error instanceof DynamicFieldFailure)) throw error
      // A handler that threw: serve's answer, 500 `[{code, message}]` (the stack stays in this log).
      log(redact.text(`  dynamic field ${req.params.field} threw: ${error.code}: ${error.message}`))
      res.status(500).json([{ code: error.code, message: error.message }])
      return
    }
    log(
      redact.text(
        result.error
          ? `  dynamic field ${req.params.field}: error ${result.error.code}: ${result.error.message}`
          : `  dynamic field ${req.params.field}: ${result.choices.length} choices${result.nextPage ? ', more pages' : ''}`
      )
    )
    res.status(200).json(result)
  })

  // Whether the tester page should listen for `change` (only under `npm run dev`; a 200 either way keeps the
  // browser console clean).
  app.get('/dev/live-reload', (_req, res) => {
    res.json(options.liveReloadPort ? { enabled: true, port: options.liveReloadPort } : { enabled: false })
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

function logResult(log: LogFn, redact: Redactor, result: SendResult): void {
  const logExchange = (exchange: Exchange) =>
    log(
      redact.text(
        `  ${exchange.request.method} ${exchange.request.url} -> ${exchange.response.statusCode} ${exchange.response.statusMessage}`
      )
    )
  for (const item of result) {
    if ('noRequest' in item || 'note' in item) {
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
