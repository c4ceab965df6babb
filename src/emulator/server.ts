// The offline Twilio emulator: a stateful in-memory HTTP server on loopback answering the Twilio endpoints the
// destination uses, on Twilio's paths, all on one base URL (see src/twilio-target.ts). This module
// puts the routers together and starts the server; the routes live in admin-routes.ts, api-2010-routes.ts,
// api-v1-routes.ts and senders.ts.
import { listenOnLoopback } from '../loopback'
import { loopbackGuard } from '../loopback-guard'
import express, { NextFunction, Request, Response, Router } from 'express'
import { serverError, notFoundError, twilioErrorJson } from './errors'
import { FaultOptions, ResolvedFaults } from './faults'
import { DemoAccount, EmulatorCredentials } from './seed'
import { mountChannelSenders } from './senders'
import { EmulatorState } from './state'
import { Scheduler } from './clock'
import { EmulatorContext, EmulatorOptions, createEmulatorContext, resetContext } from './context'
import { ADMIN_PREFIX, adminRouter } from './admin-routes'
import { mountApi2010Routes } from './api-2010-routes'
import { mountApiV1Routes } from './api-v1-routes'
import { basicAuth } from './basic-auth'
import { sendError } from './express-helpers'
import { faultMiddleware } from './fault-middleware'

export { ADMIN_PREFIX, createEmulatorContext }
export type { EmulatorContext, EmulatorOptions }

export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:54321` (no trailing slash): where src/twilio-target.ts points the destination. */
  url: string
  port: number
  credentials: EmulatorCredentials
  /** The auth token its status callbacks are signed with (see EmulatorContext). */
  callbackAuthToken: string
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

/** The Twilio routes, in order: fault injection (a faulted request has no effect), Basic auth, then the APIs. */
function twilioRouter(context: EmulatorContext): Router {
  const router = Router()
  router.use(faultMiddleware(context))
  router.use(basicAuth(context.credentials, context.state))
  mountApi2010Routes(router, context)
  mountApiV1Routes(router, context)
  mountChannelSenders(router, context.account)
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
  // DNS-rebound Host names and cross-site state-changing requests are refused (src/loopback-guard.ts). No page is
  // trusted, Segment's neither: its pages call the dev server, which calls the emulator without a browser. A page
  // could otherwise wipe the emulator, forge replies or change its faults.
  const refuse = (res: unknown, status: number, message: string) =>
    sendError(res as Response, twilioErrorJson(status, 20403, message))
  app.use(loopbackGuard({ refuse }))
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
    callbackAuthToken: context.callbackAuthToken,
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

/** How to point the dev server (and through it the destination) at a running emulator. */
export function baseUrlHint(url: string): string {
  return `npm start -- --emulator-url ${url}`
}
