// Fault injection in front of the Twilio routes: the account's concurrency limit, latency, 429s, 5xx and dropped
// connections, decided before anything else so that a faulted request has no effect. Every answer, faults included,
// carries a Twilio-Request-Id (`RQ` + 32 hex) as Twilio's do, and every request let in a Twilio-Concurrent-Requests:
// the account's requests in flight when it was let in, itself included (a lone request reads 1, as on Twilio; Twilio
// names the header on https://www.twilio.com/docs/api/errors/45780). The fault `concurrencyHeader: 0` leaves it out.
import type { RequestHandler, Response } from 'express'
import { randomBytes } from 'node:crypto'
import type { EmulatorContext } from './context'
import { serverError, tooManyRequestsError } from './errors'
import { sendError } from './express-helpers'

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

export function faultMiddleware(context: EmulatorContext): RequestHandler {
  const { state } = context
  return (req, res, next) => {
    res.set('Twilio-Request-Id', `RQ${randomBytes(16).toString('hex')}`)
    state.counters.requests++
    // The account's concurrency limit: refused at the door, answered at once, nothing done.
    if (!context.faults.enter()) {
      state.counters.faultsInjected++
      state.counters.faults429++
      state.counters.overConcurrencyLimit++
      return sendError(res, tooManyRequestsError())
    }
    if (context.faults.concurrencyHeader) res.set('Twilio-Concurrent-Requests', String(context.faults.inFlightNow))
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
  }
}
