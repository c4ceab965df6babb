// Admin routes for the message lifecycle (no auth, no faults): simulate a recipient's reply (opens a WhatsApp
// session, or STOP/START), cancel a scheduled message, read the callback log, set a service's callback, tune speed.
import { Router, type Request, type Response } from 'express'
import { callbackJson, outboxJson, messageJson } from './resources'
import { OPT_OUT_KEYWORDS } from './recipients'
import type { EmulatorContext } from './context'
import { splitChannel } from './validate'

const E164 = /^\+[1-9]\d{7,14}$/

function badRequest(res: Response, message: string): void {
  res.status(400).json({ error: message })
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '')

/** The account's sender a reply goes to, for a recipient address: its WhatsApp sender, Messenger page or number. */
export function defaultSenderFor(context: EmulatorContext, from: string): string | undefined {
  const { channel } = splitChannel(from)
  const { account } = context
  if (channel === 'whatsapp') return account.whatsappSenders[0] && `whatsapp:${account.whatsappSenders[0]}`
  if (channel === 'messenger') return account.messengerPageIds[0] && `messenger:${account.messengerPageIds[0]}`
  if (channel === 'rcs') return account.services.flatMap((service) => service.senders).find((s) => s.startsWith('rcs:'))
  return account.phoneNumbers.find((number) => number.capabilities.sms || number.capabilities.SMS)?.phoneNumber
}

/** Whether `to` is one of the account's senders (with its channel prefix). */
function isAccountSender(context: EmulatorContext, to: string): boolean {
  const { channel, address } = splitChannel(to)
  const { account } = context
  if (channel === 'whatsapp') return account.whatsappSenders.includes(address)
  if (channel === 'messenger') return account.messengerPageIds.includes(address)
  if (channel === 'rcs') return account.services.some((service) => service.senders.includes(to))
  return (
    account.phoneNumbers.some((number) => number.phoneNumber === address) ||
    account.shortCodes.some((code) => code.shortCode === address)
  )
}

export function lifecycleAdminRouter(context: EmulatorContext): Router {
  const router = Router()

  // A message from a recipient to one of the account's senders: `{from, to?, body?}`. Opens the WhatsApp 24-hour
  // session of that pair; STOP (and the other opt-out keywords) opts the recipient out, START opts back in.
  const inbound = (req: Request, res: Response, keyword?: string) => {
    const body = (req.body ?? {}) as Record<string, unknown>
    const from = text(body.from)
    const { channel, address } = splitChannel(from)
    const validFrom = channel === 'messenger' ? /^\d{5,20}$/.test(address) : E164.test(address)
    if (!validFrom) {
      return badRequest(res, 'from must be the recipient address: +E.164, whatsapp:+E.164 or messenger:<user id>.')
    }
    const to = text(body.to) || defaultSenderFor(context, from)
    if (!to || !isAccountSender(context, to) || splitChannel(to).channel !== channel) {
      return badRequest(res, `to must be one of the account's ${channel} senders (got ${to || 'nothing'}).`)
    }
    const words = keyword ?? (typeof body.body === 'string' ? body.body : 'Hi!')
    const now = context.scheduler.now()
    const effect = context.recipients.inbound(from, to, words, now)
    const message = context.state.addInbound(
      context.account.accountSid,
      {
        to,
        from,
        messagingServiceSid: null,
        body: words,
        mediaUrls: [],
        contentSid: null,
        contentVariables: null,
        channel,
        segments: 1,
        encoding: 'GSM-7',
        sendAt: null,
        validityPeriod: null,
        statusCallback: null,
        tags: null,
        otherParams: {}
      },
      now
    )
    context.log?.(`inbound ${from} -> ${to}: ${effect}`)
    res.status(201).json({ effect, message: outboxJson(message) })
  }
  router.post('/inbound', (req: Request, res: Response) => inbound(req, res))
  // Shorthand for a STOP reply: `{from, to?}`.
  router.post('/stop', (req: Request, res: Response) => inbound(req, res, OPT_OUT_KEYWORDS[0]))

  router.post('/messages/:sid/cancel', (req: Request, res: Response) => {
    const message = context.state.getMessage(String(req.params.sid))
    if (!message) return void res.status(404).json({ error: `No message ${req.params.sid}.` })
    const refused = context.lifecycle.cancel(message)
    if (refused) return void res.status(refused.status).json(refused)
    res.json(messageJson(message))
  })

  router.get('/messages/:sid', (req: Request, res: Response) => {
    const message = context.state.getMessage(String(req.params.sid))
    if (!message) return void res.status(404).json({ error: `No message ${req.params.sid}.` })
    res.json(outboxJson(message))
  })

  router.get('/callbacks', (_req: Request, res: Response) => {
    res.json({ callbacks: context.callbacks.log.map(callbackJson).reverse() })
  })

  // `{statusCallback: "http://127.0.0.1:3000/callbacks"}` (or null) on a Messaging Service.
  router.post('/services/:sid', (req: Request, res: Response) => {
    const service = context.account.services.find((candidate) => candidate.sid === req.params.sid)
    if (!service) return void res.status(404).json({ error: `No Messaging Service ${req.params.sid}.` })
    const value = ((req.body ?? {}) as Record<string, unknown>).statusCallback
    if (value !== null && (typeof value !== 'string' || !/^https?:\/\/[^_]+$/i.test(value))) {
      return badRequest(res, 'statusCallback must be an http(s) URL without underscores in the host, or null.')
    }
    service.statusCallback = value
    res.json({ sid: service.sid, statusCallback: service.statusCallback })
  })

  // `{stepMs}`: emulated time between two transitions.
  router.get('/lifecycle', (_req: Request, res: Response) => {
    res.json({ stepMs: context.lifecycle.stepMs, timeScale: context.timeScale })
  })
  router.post('/lifecycle', (req: Request, res: Response) => {
    const stepMs = ((req.body ?? {}) as Record<string, unknown>).stepMs
    if (typeof stepMs !== 'number' || !(stepMs >= 0 && stepMs <= 3600000)) {
      return badRequest(res, 'stepMs must be a number of milliseconds from 0 to 3600000.')
    }
    context.lifecycle.stepMs = stepMs
    res.json({ stepMs: context.lifecycle.stepMs, timeScale: context.timeScale })
  })

  return router
}
