// The emulator's admin API under `/__emulator` (no auth, no faults): its state and outbox, reset, fault settings,
// and the lifecycle's routes (admin-lifecycle.ts).
import express, { Router } from 'express'
import { lifecycleAdminRouter } from './admin-lifecycle'
import { EmulatorContext, resetContext } from './context'
import { notFoundError } from './errors'
import { sendError, queryString } from './express-helpers'
import type { FaultOptions } from './faults'
import { outboxJson } from './resources'

export const ADMIN_PREFIX = '/__emulator'

/** A region's admin routes: US1's at the top, the others' under /regions/<region> (server.ts mounts them). */
export const regionAdminPrefix = (region: string): string =>
  region === 'us1' ? ADMIN_PREFIX : `${ADMIN_PREFIX}/regions/${region}`

/** One region's admin routes; `reset` is what POST /reset clears (the top-level routes clear every region). */
export function adminRouter(context: EmulatorContext, reset: () => void = () => resetContext(context)): Router {
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
    reset()
    res.json({ ok: true })
  })
  router.get('/faults', (_req, res) => {
    res.json(context.faults.current)
  })
  router.post('/faults', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>
    const pick = (key: string) => (typeof body[key] === 'number' ? (body[key] as number) : undefined)
    const update: FaultOptions = {}
    const keys = [
      'latencyMs',
      'latencyJitterMs',
      'rate429',
      'rate5xx',
      'rateDrop',
      'seed',
      'concurrencyLimit',
      'concurrencyHeader'
    ] as const
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
