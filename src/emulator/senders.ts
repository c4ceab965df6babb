// Twilio's Senders API on the emulator: GET /v2/Channels/Senders?Channel=whatsapp (messaging.twilio.com) lists the
// demo account's WhatsApp senders in the shapes of twilio_messaging_v2.json (ListChannelsSenderResponse: `senders`
// of messaging.v2.channels_sender in the v1-style `meta` envelope).
import type { Request, Response, Router } from 'express'
import { twilioErrorJson } from './errors'
import { envelopeV1, isError, parsePageRequest, slicePage } from './pagination'
import type { DemoAccount } from './seed'

/** A sender's SID: `XE` + 32 hex digits, derived from its number so that it is stable across restarts. */
export function senderSid(e164: string): string {
  return `XE${e164.replace(/\D/g, '').padStart(32, '0').slice(-32)}`
}

export function channelSenderJson(baseUrl: string, account: DemoAccount, e164: string) {
  const sid = senderSid(e164)
  return {
    sid,
    status: 'ONLINE',
    sender_id: `whatsapp:${e164}`,
    configuration: {
      waba_id: '100000000000001',
      verification_method: null,
      verification_code: null,
      voice_application_sid: null
    },
    webhook: {
      callback_url: null,
      callback_method: null,
      fallback_url: null,
      fallback_method: null,
      status_callback_url: null,
      status_callback_method: null
    },
    profile: {
      name: account.friendlyName,
      about: null,
      address: null,
      description: null,
      emails: null,
      logo_url: null,
      vertical: 'Other',
      websites: null
    },
    properties: { quality_rating: 'HIGH', messaging_limit: '1K Customers/24hr' },
    offline_reasons: null,
    url: `${baseUrl}/v2/Channels/Senders/${sid}`
  }
}

const queryValue = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined

/** Adds the route to the emulator's Twilio router (after its fault injection and authentication). */
export function mountChannelSenders(router: Router, account: DemoAccount): void {
  router.get('/v2/Channels/Senders', (req: Request, res: Response) => {
    const channel = queryValue(req.query.Channel)
    if (!channel) {
      // `Channel` is a required query parameter of ListChannelsSender.
      const error = twilioErrorJson(400, 20001, 'Missing required parameter Channel in the request')
      return void res.status(error.status).json(error)
    }
    // The spec documents WhatsApp senders only; the demo account has no sender on any other channel.
    const senders =
      channel.toLowerCase() === 'whatsapp'
        ? account.whatsappSenders.map((e164) => ({ e164, sid: senderSid(e164) }))
        : []
    const request = parsePageRequest(
      req.query,
      senders.map((sender) => sender.sid)
    )
    if (isError(request)) return void res.status(request.status).json(request)
    const page = slicePage(senders, request)
    const base = `${req.protocol}://${req.get('host')}`
    res.json(
      envelopeV1(
        'senders',
        base,
        req.path,
        page,
        page.items.map((sender) => channelSenderJson(base, account, sender.e164)),
        { Channel: channel }
      )
    )
  })
}
