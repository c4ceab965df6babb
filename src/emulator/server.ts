// The offline Twilio emulator: a stateful in-memory HTTP server on loopback answering the Twilio endpoints the
// destination uses, on Twilio's paths, all on one base URL (see src/twilio-target.ts), for each Twilio Region apart:
// the X-Twilio-Host header names the host a request was meant for (regions.ts; none is api.twilio.com, US1). This
// module puts the routers together and starts the server; the routes live in admin-routes.ts, api-2010-routes.ts,
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
import { EMULATOR_REGIONS, EmulatorRegion, twilioHostOf, wrongProduct } from './regions'
import { ADMIN_PREFIX, adminRouter, regionAdminPrefix } from './admin-routes'
import { mountApi2010Routes } from './api-2010-routes'
import { mountApiV1Routes } from './api-v1-routes'
import { basicAuth } from './basic-auth'
import { sendError } from './express-helpers'
import { faultMiddleware } from './fault-middleware'

export { ADMIN_PREFIX, createEmulatorContext, regionAdminPrefix }
export type { EmulatorContext, EmulatorOptions, EmulatorRegion }

/** Every region's context of one run. */
export type EmulatorContexts = Record<EmulatorRegion, EmulatorContext>

/** One region as a test or tool sees it: its credentials, demo account and state. */
export interface RegionView {
  credentials: EmulatorCredentials
  callbackAuthToken: string
  account: DemoAccount
  state: EmulatorState
}

export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:54321` (no trailing slash): where src/twilio-target.ts points the destination. */
  url: string
  port: number
  /** Each region apart; `credentials`, `account` and `state` below are US1's. */
  regions: Record<EmulatorRegion, RegionView>
  credentials: EmulatorCredentials
  /** The auth token its status callbacks are signed with (see EmulatorContext). */
  callbackAuthToken: string
  account: DemoAccount
  /** Accepted messages (`state.messages`, oldest first) and counters (`state.counters`). */
  state: EmulatorState
  /** Clears every region's messages and counters and restarts the fault PRNG from its seed; fault settings stay. */
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

/** Each region's contexts for one run: US1's from the options, the others sharing its clock and faults. */
export function createEmulatorContexts(options: EmulatorOptions = {}): EmulatorContexts {
  const us1 = createEmulatorContext(options)
  const ie1 = createEmulatorContext(options, 'ie1', us1)
  // A number sends only through the API of its own messaging region (21663 elsewhere).
  for (const [here, there] of [
    [us1, ie1],
    [ie1, us1]
  ]) {
    for (const number of there.account.phoneNumbers) here.foreignNumbers.add(number.phoneNumber)
  }
  return { us1, ie1 }
}

/** The Twilio routes of the region the request's host belongs to; a host the emulator does not play is 404. */
function regionalRouter(contexts: EmulatorContexts): Router {
  const routers = Object.fromEntries(
    EMULATOR_REGIONS.map((region) => [region, twilioRouter(contexts[region])])
  ) as Record<EmulatorRegion, Router>
  const router = Router()
  router.use((req, res, next) => {
    const host = twilioHostOf(req)
    if (!('region' in host)) return sendError(res, host)
    const misplaced = wrongProduct(req, host)
    if (misplaced) return sendError(res, misplaced)
    routers[host.region](req, res, next)
  })
  return router
}

/**
 * The Express app: admin routes under `/__emulator` (US1) and `/__emulator/regions/<region>` (no auth, no faults),
 * then the Twilio routes of each region.
 */
export function createEmulatorApp(contexts: EmulatorContexts) {
  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)
  // DNS-rebound Host names and cross-site state-changing requests are refused (src/loopback-guard.ts). No page is
  // trusted, Segment's neither: its pages call the dev server, which calls the emulator without a browser. A page
  // could otherwise wipe the emulator, forge replies or change its faults.
  const refuse = (res: unknown, status: number, message: string) =>
    sendError(res as Response, twilioErrorJson(status, 20403, message))
  app.use(loopbackGuard({ refuse }))
  for (const region of EMULATOR_REGIONS) app.use(`${ADMIN_PREFIX}/regions/${region}`, adminRouter(contexts[region]))
  app.use(
    ADMIN_PREFIX,
    adminRouter(contexts.us1, () => EMULATOR_REGIONS.forEach((region) => resetContext(contexts[region])))
  )
  app.use(regionalRouter(contexts))
  // Errors from body parsing and the like, answered in Twilio's shape.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status ?? 500
    if (res.headersSent) return
    if (status >= 500) return sendError(res, serverError(500))
    sendError(res, twilioErrorJson(status, status === 413 ? 21617 : 20001, (error as Error).message || 'Bad request'))
  })
  return app
}

const viewOf = (context: EmulatorContext): RegionView => ({
  credentials: context.credentials,
  callbackAuthToken: context.callbackAuthToken,
  account: context.account,
  state: context.state
})

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const contexts = createEmulatorContexts(options)
  const context = contexts.us1
  const all = EMULATOR_REGIONS.map((region) => contexts[region])
  const listening = await listenOnLoopback(
    createEmulatorApp(contexts),
    options.port ?? 0,
    options.host ?? '127.0.0.1',
    'The Twilio emulator'
  )
  return {
    url: listening.url,
    port: listening.port,
    regions: { us1: viewOf(contexts.us1), ie1: viewOf(contexts.ie1) },
    credentials: context.credentials,
    callbackAuthToken: context.callbackAuthToken,
    account: context.account,
    state: context.state,
    reset: () => all.forEach(resetContext),
    setFaults: (faults) => context.faults.set(faults),
    get faults() {
      return context.faults.current
    },
    scheduler: context.scheduler,
    callbacksIdle: async () => {
      await Promise.all(all.map((each) => each.callbacks.idle()))
    },
    close: () => {
      for (const each of all) {
        each.lifecycle.reset()
        each.callbacks.reset()
      }
      return listening.close()
    }
  }
}

/** How to point the dev server (and through it the destination) at a running emulator. */
export function baseUrlHint(url: string): string {
  return `npm start -- --emulator-url ${url}`
}
