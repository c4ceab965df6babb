// The offline Twilio emulator: a stateful in-memory HTTP server on loopback answering the Twilio endpoints the
// destination uses, on Twilio's paths, all on one base URL (see TWILIO_MESSAGING_BASE_URL in twilio.ts).
import { listenOnLoopback } from '../loopback'
import { loopbackGuard, SEGMENT_ORIGINS } from '../loopback-guard'
import express, { NextFunction, Request, Response, Router } from 'express'
import {
  EmulatorError,
  authenticateError,
  notFoundError,
  serverError,
  tooManyRequestsError,
  twilioErrorJson
} from './errors'
import { FaultOptions, ResolvedFaults } from './faults'
import { envelope2010, envelopeV1, isError, parsePageRequest, slicePage } from './pagination'
import {
  accountJson,
  approvalFetchJson,
  contentAndApprovalsJson,
  contentJson,
  incomingPhoneNumberJson,
  messageJson,
  outboxJson,
  serviceJson,
  shortCodeJson
} from './resources'
import { DemoAccount, EmulatorCredentials } from './seed'
import { mountChannelSenders } from './senders'
import { EmulatorState } from './state'
import { FormParams, validateMessageCreate } from './validate'
import { randomBytes } from 'node:crypto'
import { Scheduler } from './clock'
import { EmulatorContext, EmulatorOptions, createEmulatorContext, resetContext } from './context'
import { lifecycleAdminRouter } from './admin-lifecycle'
import { DATE_SENT_FILTERS, dateSentPredicate, updateMessage } from './message-routes'
import { TWILIO_BASE_URL_ENV } from '../destinations/twilio-messaging/twilio'

export { createEmulatorContext }
export type { EmulatorContext, EmulatorOptions }

export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:54321` (no trailing slash): the value for TWILIO_MESSAGING_BASE_URL. */
  url: string
  port: number
  credentials: EmulatorCredentials
  account: DemoAccount
  /** Accepted messages (`state.messages`, oldest first) and counters (`state.counters`). */
  state: EmulatorState
  /** Clears messages and counters and restarts the fault PRNG from its seed; fault settings stay. */
  reset(): void
  /** Changes the given fault knobs at run time; returns the settings now in force. */
  setFaults(faults: FaultOptions): ResolvedFaults
  readonly faults: ResolvedFaults
  /** The lifecycle's clock and timers (a ManualTime in tests). */
  scheduler: Scheduler
  /** Resolves when no status callback request is in flight. */
  callbacksIdle(): Promise<void>
  close(): Promise<void>
}

export const ADMIN_PREFIX = '/__emulator'

function sendError(res: Response, error: EmulatorError): void {
  if (error.status === 401) res.set('WWW-Authenticate', 'Basic realm="Twilio API"')
  res.status(error.status).json(error)
}

function baseUrlOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? `${req.socket.localAddress}:${req.socket.localPort}`}`
}

const queryString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined

/** Who is calling: `api-key` (API Key SID + secret), `auth-token` (Account SID + auth token), or undefined. */
function authenticate(req: Request, credentials: EmulatorCredentials): 'api-key' | 'auth-token' | undefined {
  const header = req.get('authorization') ?? ''
  const match = /^Basic\s+(\S+)$/i.exec(header)
  if (!match) return undefined
  const decoded = Buffer.from(match[1], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  const user = decoded.slice(0, colon)
  const password = decoded.slice(colon + 1)
  if (user === credentials.apiKeySid && password === credentials.apiKeySecret) return 'api-key'
  if (credentials.authToken && user === credentials.accountSid && password === credentials.authToken) {
    return 'auth-token'
  }
  return undefined
}

function adminRouter(context: EmulatorContext): Router {
  const router = Router()
  router.use(express.json({ limit: '100kb' }))
  router.get('/state', (_req, res) => {
    res.json({
      counters: context.state.counters,
      peakInFlight: context.faults.peakInFlight,
      inFlight: context.faults.inFlightNow,
      messages: context.state.messages.length,
      faults: context.faults.current
    })
  })
  router.get('/messages', (req, res) => {
    const limit = Number(queryString(req.query.limit) ?? 100)
    const count = Math.max(0, Math.min(Number.isFinite(limit) ? limit : 100, 10000))
    const newest = context.state.messages.slice(Math.max(0, context.state.messages.length - count))
    res.json({ messages: newest.reverse().map(outboxJson), total: context.state.messages.length })
  })
  router.post('/reset', (_req, res) => {
    resetContext(context)
    res.json({ ok: true })
  })
  router.get('/faults', (_req, res) => {
    res.json(context.faults.current)
  })
  router.post('/faults', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>
    const pick = (key: string) => (typeof body[key] === 'number' ? (body[key] as number) : undefined)
    const update: FaultOptions = {}
    const keys = ['latencyMs', 'latencyJitterMs', 'rate429', 'rate5xx', 'rateDrop', 'seed', 'concurrencyLimit'] as const
    for (const key of keys) {
      const value = pick(key)
      if (value !== undefined) update[key] = value
    }
    res.json(context.faults.set(update))
  })
  router.use(lifecycleAdminRouter(context))
  router.use((req, res) => {
    sendError(res, notFoundError(`${ADMIN_PREFIX}${req.path}`))
  })
  return router
}

/** Defers writing the response by `ms`; dropped when the client has gone by then. */
function delayAnswer(res: Response, ms: number): void {
  const end = res.end.bind(res) as (...args: unknown[]) => Response
  res.end = ((...args: unknown[]) => {
    setTimeout(() => {
      if (!res.socket || res.socket.destroyed) return
      end(...args)
    }, ms)
    return res
  }) as Response['end']
}

function twilioRouter(context: EmulatorContext): Router {
  const { account, credentials, state } = context
  const router = Router()

  // 1. Fault injection (before anything else, so a faulted request has no effect). Every answer, faults included,
  // carries a Twilio-Request-Id (`RQ` + 32 hex) as Twilio's do.
  router.use((req, res, next) => {
    res.set('Twilio-Request-Id', `RQ${randomBytes(16).toString('hex')}`)
    state.counters.requests++
    // The account's concurrency limit: refused at the door, answered at once, nothing done.
    if (!context.faults.enter()) {
      state.counters.faultsInjected++
      state.counters.faults429++
      state.counters.overConcurrencyLimit++
      return sendError(res, tooManyRequestsError())
    }
    res.once('close', () => context.faults.leave())
    const decision = context.faults.decide()
    if (decision.delayMs > 0) {
      // Latency holds back the answer, not the work: as on Twilio, a message may be accepted although the
      // client gave up waiting, which is the case duplicate protection must survive.
      state.counters.delayed++
      delayAnswer(res, decision.delayMs)
    }
    if (!decision.fault) return next()
    state.counters.faultsInjected++
    if (decision.fault === 'drop') {
      state.counters.faultsDropped++
      req.socket.destroy()
      return
    }
    if (decision.fault === '429') {
      state.counters.faults429++
      return sendError(res, tooManyRequestsError())
    }
    state.counters.faults5xx++
    sendError(res, serverError(decision.fault === '500' ? 500 : 503))
  })

  // 2. Basic auth.
  router.use((req, res, next) => {
    const caller = authenticate(req, credentials)
    if (!caller) {
      state.counters.unauthorized++
      return sendError(res, authenticateError())
    }
    res.locals.caller = caller
    next()
  })

  // 3. Another account's SID in the path: Twilio answers 401 / 20003 (the key does not belong to that account).
  const sameAccount = (req: Request, res: Response, next: NextFunction) => {
    if (req.params.AccountSid !== credentials.accountSid) {
      state.counters.unauthorized++
      return sendError(res, authenticateError())
    }
    next()
  }

  const api = '/2010-04-01/Accounts/:AccountSid'

  router.get('/2010-04-01/Accounts/:AccountSid.json', sameAccount, (_req, res) => {
    // A Standard API key may not read the Account resource: 401 / 20003 even for good credentials.
    if (res.locals.caller !== 'auth-token' || !credentials.authToken) return sendError(res, authenticateError())
    res.json(accountJson(account, credentials.authToken))
  })

  router.post(
    `${api}/Messages.json`,
    sameAccount,
    express.urlencoded({ extended: false, limit: '1mb', parameterLimit: 2000 }),
    (req, res) => {
      const params = (req.body && typeof req.body === 'object' ? req.body : {}) as FormParams
      const now = context.clock()
      const result = validateMessageCreate(params, account, now)
      const refusal = result.ok ? context.lifecycle.refusal(result.message) : result.error
      if (!result.ok || refusal) {
        state.counters.rejected++
        return sendError(res, refusal ?? (result as { error: EmulatorError }).error)
      }
      const message = state.addMessage(account.accountSid, result.message, now)
      state.counters.accepted++
      res.status(201).json(messageJson(message))
      context.lifecycle.start(message)
    }
  )

  /** A 2010 list: `filterKeys` read from the query, `select` narrows the items, paged in the 2010 envelope. */
  const list2010 = <T extends { sid: string }>(
    path: string,
    key: string,
    filterKeys: readonly string[],
    select: (filters: Record<string, string>) => readonly T[] | EmulatorError,
    render: (item: T) => unknown
  ) =>
    router.get(path, sameAccount, (req, res) => {
      const filters: Record<string, string> = {}
      for (const name of filterKeys) {
        const value = queryString(req.query[name])
        if (value) filters[name] = value
      }
      const items = select(filters)
      if (!Array.isArray(items)) return sendError(res, items as EmulatorError)
      const request = parsePageRequest(
        req.query,
        items.map((item) => item.sid)
      )
      if (isError(request)) return sendError(res, request)
      const page = slicePage(items, request)
      res.json(envelope2010(key, req.path, filters, page, page.items.map(render)))
    })

  list2010(
    `${api}/Messages.json`,
    'messages',
    ['To', 'From', ...DATE_SENT_FILTERS],
    (filters) => {
      const sentInRange = dateSentPredicate(filters)
      if (typeof sentInRange !== 'function') return sentInRange
      return state.messages
        .filter(
          (message) =>
            (!filters.To || message.to === filters.To) &&
            (!filters.From || message.from === filters.From) &&
            sentInRange(message)
        )
        .reverse()
    },
    messageJson
  )

  list2010(
    `${api}/IncomingPhoneNumbers.json`,
    'incoming_phone_numbers',
    ['PhoneNumber', 'FriendlyName'],
    (filters) =>
      account.phoneNumbers.filter(
        (number) =>
          (!filters.PhoneNumber || number.phoneNumber.includes(filters.PhoneNumber)) &&
          (!filters.FriendlyName || number.friendlyName === filters.FriendlyName)
      ),
    (number) => incomingPhoneNumberJson(account.accountSid, number)
  )

  list2010(
    `${api}/SMS/ShortCodes.json`,
    'short_codes',
    ['ShortCode'],
    (filters) => account.shortCodes.filter((code) => !filters.ShortCode || code.shortCode === filters.ShortCode),
    (code) => shortCodeJson(account.accountSid, code)
  )

  router.get(`${api}/Messages/:Sid.json`, sameAccount, (req, res) => {
    const message = state.getMessage(String(req.params.Sid))
    if (!message) return sendError(res, notFoundError(req.path))
    res.json(messageJson(message))
  })

  router.post(
    `${api}/Messages/:Sid.json`,
    sameAccount,
    express.urlencoded({ extended: false, limit: '100kb' }),
    (req, res) => {
      const message = state.getMessage(String(req.params.Sid))
      if (!message) return sendError(res, notFoundError(req.path))
      updateMessage(req, res, message, context.lifecycle)
    }
  )

  /** A v1 list: items paged by SID in the `{<key>: [...], meta: {...}}` envelope, each rendered by `render`. */
  const v1List = <T extends { sid: string }>(
    path: string,
    key: string,
    items: () => readonly T[],
    render: (base: string, item: T) => unknown
  ) =>
    router.get(path, (req, res) => {
      const all = items()
      const request = parsePageRequest(
        req.query,
        all.map((item) => item.sid)
      )
      if (isError(request)) return sendError(res, request)
      const page = slicePage(all, request)
      const base = baseUrlOf(req)
      res.json(
        envelopeV1(
          key,
          base,
          req.path,
          page,
          page.items.map((item) => render(base, item))
        )
      )
    })

  v1List(
    '/v1/Services',
    'services',
    () => account.services,
    (base, service) => serviceJson(base, account.accountSid, service)
  )
  v1List(
    '/v1/Content',
    'contents',
    () => account.contents,
    (base, content) => contentJson(base, account.accountSid, content)
  )
  v1List(
    '/v1/ContentAndApprovals',
    'contents',
    () => account.contents,
    (_base, content) => contentAndApprovalsJson(account, content)
  )

  router.get('/v1/Services/:Sid', (req, res) => {
    const service = account.services.find((candidate) => candidate.sid === req.params.Sid)
    if (!service) return sendError(res, notFoundError(req.path))
    res.json(serviceJson(baseUrlOf(req), account.accountSid, service))
  })

  router.get('/v1/Content/:Sid', (req, res) => {
    const content = account.contents.find((candidate) => candidate.sid === req.params.Sid)
    if (!content) return sendError(res, notFoundError(req.path))
    res.json(contentJson(baseUrlOf(req), account.accountSid, content))
  })

  router.get('/v1/Content/:Sid/ApprovalRequests', (req, res) => {
    const content = account.contents.find((candidate) => candidate.sid === req.params.Sid)
    if (!content) return sendError(res, notFoundError(req.path))
    res.json(approvalFetchJson(baseUrlOf(req), account.accountSid, content))
  })

  mountChannelSenders(router, account)
  router.use((req, res) => {
    sendError(res, notFoundError(req.path))
  })
  return router
}

/** The Express app: admin routes under `/__emulator` (no auth, no faults), then the Twilio routes. */
export function createEmulatorApp(context: EmulatorContext) {
  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)
  // DNS-rebound Host names and cross-site state-changing requests are refused (src/loopback-guard.ts).
  const refuse = (res: unknown, status: number, message: string) =>
    sendError(res as Response, twilioErrorJson(status, 20403, message))
  app.use(loopbackGuard({ trustedOrigins: SEGMENT_ORIGINS, refuse }))
  app.use(ADMIN_PREFIX, adminRouter(context))
  app.use(twilioRouter(context))
  // Errors from body parsing and the like, answered in Twilio's shape.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status ?? 500
    if (res.headersSent) return
    if (status >= 500) return sendError(res, serverError(500))
    sendError(res, twilioErrorJson(status, status === 413 ? 21617 : 20001, (error as Error).message || 'Bad request'))
  })
  return app
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const context = createEmulatorContext(options)
  const listening = await listenOnLoopback(
    createEmulatorApp(context),
    options.port ?? 0,
    options.host ?? '127.0.0.1',
    'The Twilio emulator'
  )
  return {
    url: listening.url,
    port: listening.port,
    credentials: context.credentials,
    account: context.account,
    state: context.state,
    reset: () => resetContext(context),
    setFaults: (faults) => context.faults.set(faults),
    get faults() {
      return context.faults.current
    },
    scheduler: context.scheduler,
    callbacksIdle: () => context.callbacks.idle(),
    close: () => {
      context.lifecycle.reset()
      context.callbacks.reset()
      return listening.close()
    }
  }
}

/** How to point the destination at a running emulator. */
export function baseUrlHint(url: string): string {
  return `${TWILIO_BASE_URL_ENV}=${url}`
}
