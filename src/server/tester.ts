// Server side of the mapping tester page (`src/server/public/`): what the page needs besides the actions-cli
// serve API. `GET /tester/config` says where messages go and, against the emulator's demo account only, which
// settings to prefill; `GET /tester/outbox` lists what the emulator accepted, each message with its timeline and
// the fix for its error (of the Twilio Region the page asks for with `?region=`, each region's apart);
// `POST /tester/outbox/<sid>/cancel` and `POST /tester/simulate/{inbound,stop}` drive the
// emulator's lifecycle; `GET /tester/content/<HX…>` reads a Content Template for the page's preview;
// `POST /tester/mapping-check/<action>` checks an imported mapping's keys. Live credentials never leave here.
import { Router, type Request, type Response } from 'express'
import {
  CONTENT_SID_PATTERN,
  KNOWN_TARGETS,
  REGIONS,
  TWILIO_ERROR_FIXES,
  TWILIO_REGIONS,
  twilioHosts,
  type TwilioRegion,
  contentBySidUrl,
  readTwilioTarget
} from '../destinations/twilio-messaging/twilio'
import { rewriteTwilioUrl, standInHeaders } from '../twilio-target'
import { DEMO_CREDENTIALS, IE1_DEMO_CREDENTIALS, regionAdminPrefix } from '../emulator'
import { FLAG_DESCRIPTIONS } from '../destinations/twilio-messaging/sendMessage/flags'
import type { JSONObject } from '@segment/actions-core'
import type { CredentialSet } from './redact'
import { isObject, type DestinationRunner } from './runner'
import { demoFromNumber, sampleMapping } from './samples'

export interface TesterOptions {
  /** The emulator's base URL (`http://127.0.0.1:<port>`): set only when requests go to the emulator. */
  emulatorUrl?: string
  /** The Twilio Region the printed settings send through (`npm start -- --region ie1`); default US1. */
  region?: TwilioRegion
  /** The settings `npm start` prints for the emulator; only their public demo values reach the page. */
  demoSettings?: { accountSID?: string; apiKeySID?: string; apiKeySecret?: string; region?: string }
}

/** A Twilio Region as the page shows it: its name and hosts (the page looks them up, it never builds one). */
export interface RegionInfo {
  name: string
  /** Hosts by edge ('' for none): api, messaging and content origins. */
  hosts: Record<string, string[]>
}

export interface TesterConfig {
  mode: 'emulator' | 'live'
  /** Account SID, API Key SID and (outside US1) Twilio Region to prefill (emulator mode only). */
  demoSettings?: { accountSID?: string; apiKeySID?: string; region?: string }
  /**
   * The API key secret to prefill: only the emulator's public demo secret (printed by `npm start`, fixed in
   * src/emulator/demo-credentials.ts). Kept apart from `demoSettings` and under a key the redactor does not hide
   * by name.
   */
  demoSecret?: string
  /** A mapping that works with the demo account (an SMS from its number), for the page's "Use the sample mapping". */
  sampleMapping?: Record<string, unknown>
  /** The region the page starts with, and every region it may show (settings Twilio Region and Edge Location). */
  region: TwilioRegion
  regions: Record<string, RegionInfo>
  /** A sentence for the page's header. */
  note: string
  /** Segment's feature flags the destination reads, with what each changes: the page offers them as switches. */
  featureFlags: Array<{ name: string; description: string }>
}

const featureFlags = Object.entries(FLAG_DESCRIPTIONS).map(([name, description]) => ({ name, description }))

/** Newest messages the outbox shows by default, and the most it returns. */
export const OUTBOX_LIMIT = 20
const OUTBOX_MAX = 200

export function testerConfig(
  options: TesterOptions = {},
  knownSecrets: CredentialSet[] = [],
  callbackUrl?: string
): TesterConfig {
  const region = options.region ?? 'us1'
  const regions = regionInfos()
  if (!options.emulatorUrl) {
    return {
      mode: 'live',
      note: 'Live: messages go to real Twilio and are billed. Type your credentials; the page keeps them in memory only.',
      featureFlags,
      region,
      regions
    }
  }
  const config: TesterConfig = {
    mode: 'emulator',
    note: 'Offline: messages go to the local Twilio emulator, nothing is sent.',
    featureFlags,
    region,
    regions
  }
  const demo = options.demoSettings
  if (demo) {
    config.demoSettings = {}
    if (typeof demo.accountSID === 'string') config.demoSettings.accountSID = demo.accountSID
    if (typeof demo.apiKeySID === 'string') config.demoSettings.apiKeySID = demo.apiKeySID
    if (region !== 'us1') config.demoSettings.region = region
    if (isPublicDemoSecret(demo.apiKeySecret, knownSecrets)) config.demoSecret = demo.apiKeySecret
  }
  config.sampleMapping = sampleMapping(demoFromNumber({ region }), callbackUrl)
  return config
}

/** Every known region and edge with its hosts, from the destination's own tables. */
function regionInfos(): Record<string, RegionInfo> {
  const infos: Record<string, RegionInfo> = {}
  for (const target of KNOWN_TARGETS) {
    const info = (infos[target.region] ??= { name: REGIONS[target.region].name, hosts: {} })
    info.hosts[target.edge ?? ''] = Object.values(twilioHosts(target))
  }
  return infos
}

/** Only the emulator's published demo secret, and only if nobody registered it as a secret to redact. */
function isPublicDemoSecret(secret: string | undefined, knownSecrets: CredentialSet[]): secret is string {
  const demo = secret === DEMO_CREDENTIALS.apiKeySecret || secret === IE1_DEMO_CREDENTIALS.apiKeySecret
  return demo && !knownSecrets.some((known) => known.secret === secret)
}

/** The region a page request names (`?region=`), else the one the page started with; undefined when unknown. */
function regionAsked(req: Request, fallback: TwilioRegion): TwilioRegion | undefined {
  const asked = typeof req.query.region === 'string' ? req.query.region.trim().toLowerCase() : ''
  if (asked === '') return fallback
  return TWILIO_REGIONS.find((known) => known === asked)
}

export function createTesterRouter(options: TesterOptions = {}, knownSecrets: CredentialSet[] = []): Router {
  const router = Router()

  router.get('/config', (req, res) => {
    // The sample mapping reports delivery to this server's own receiver (`/callbacks`, src/server/callbacks.ts).
    res.json(testerConfig(options, knownSecrets, `${req.protocol}://${req.get('host')}/callbacks`))
  })

  /**
   * Calls an emulator admin route of the region the page asks for (each region keeps its own messages); answers 404
   * in live mode, 400 for an unknown region and 502 when the emulator does not answer.
   */
  const emulator = async (req: Request, res: Response, path: string, body?: unknown): Promise<unknown> => {
    const region = regionAsked(req, options.region ?? 'us1')
    if (!region) {
      res.status(400).json({ error: `Twilio Region must be ${TWILIO_REGIONS.join(' or ')}.` })
      return undefined
    }
    if (!options.emulatorUrl) {
      res.status(404).json({
        error:
          'No outbox in live mode: messages went to real Twilio. See them in Twilio Console > Monitor > Logs > Messaging.'
      })
      return undefined
    }
    let response: globalThis.Response
    try {
      response = await fetch(
        `${options.emulatorUrl}${regionAdminPrefix(region)}${path}`,
        body === undefined
          ? undefined
          : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      )
    } catch (error) {
      res.status(502).json({ error: `The Twilio emulator does not answer: ${(error as Error).message}` })
      return undefined
    }
    const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>
    if (response.ok) return answer
    // The emulator's own refusals (a Twilio error such as 30409, or a bad simulated reply) go to the page as they are.
    if (response.status === 400 || response.status === 404) {
      const message = typeof answer.message === 'string' ? answer.message : answer.error
      res.status(response.status).json({ ...answer, error: message })
    } else {
      res.status(502).json({ error: `The Twilio emulator answered ${response.status} to ${path}.` })
    }
    return undefined
  }

  router.get('/outbox', async (req, res) => {
    // The page polls this every second while it is visible: successful reads stay out of the terminal's log.
    res.locals.quiet = true
    const asked = Number(typeof req.query.limit === 'string' ? req.query.limit : OUTBOX_LIMIT)
    const limit = Number.isInteger(asked) && asked > 0 ? Math.min(asked, OUTBOX_MAX) : OUTBOX_LIMIT
    const outbox = (await emulator(req, res, `/messages?limit=${limit}`)) as { messages?: unknown[] } | undefined
    if (!outbox) return
    // Each failed message carries what to do about its error, from the destination's table of fixes.
    const messages = (outbox.messages ?? []).map((message) => {
      const code = (message as { error_code?: unknown }).error_code
      const fix = typeof code === 'number' ? TWILIO_ERROR_FIXES[code] : undefined
      return fix ? { ...(message as object), fix } : message
    })
    res.json({ ...outbox, messages })
  })

  router.post('/outbox/:sid/cancel', async (req: Request, res: Response) => {
    const sid = String(req.params.sid)
    if (!/^(SM|MM)[0-9a-fA-F]{32}$/.test(sid)) {
      res.status(400).json({ error: `Not a message SID: ${sid.slice(0, 40)}` })
      return
    }
    const answer = await emulator(req, res, `/messages/${sid}/cancel`, {})
    if (answer) res.json(answer)
  })

  // A reply from a recipient (`{from, to?, body?}`): opens a WhatsApp session, or STOP/START. Three path segments,
  // so it never meets the serve API's `POST /:action/:field`.
  router.post('/simulate/:kind', async (req: Request, res: Response) => {
    const kind = String(req.params.kind)
    if (kind !== 'inbound' && kind !== 'stop') {
      res
        .status(404)
        .json({ error: 'Simulate inbound or stop: POST /tester/simulate/inbound or /tester/simulate/stop.' })
      return
    }
    const body = (req.body ?? {}) as Record<string, unknown>
    const pick = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined)
    const answer = await emulator(req, res, `/${kind}`, { from: pick('from'), to: pick('to'), body: pick('body') })
    if (answer) res.status(201).json(answer)
  })

  // The page's template preview: one Content Template (body, variables and their defaults) from Twilio's Content
  // API, with the Basic credentials the page holds (sent in the Authorization header, never in the URL).
  router.get('/content/:sid', async (req, res) => {
    const sid = String(req.params.sid)
    if (!CONTENT_SID_PATTERN.test(sid)) {
      res.status(400).json({ error: 'The Content Template SID must be HX followed by 32 hexadecimal characters.' })
      return
    }
    const authorization = req.get('authorization')
    if (!authorization?.startsWith('Basic ')) {
      res.status(400).json({ error: 'Send the API key SID and secret in the Authorization header.' })
      return
    }
    // The region (and edge) of the page's settings, checked as the destination checks them.
    const read = readTwilioTarget({ region: req.query.region, edge: req.query.edge })
    if ('problem' in read) {
      res.status(400).json({ error: read.problem })
      return
    }
    const refusal = REGIONS[read.target.region].templateRefusal
    if (refusal) {
      res
        .status(400)
        .json({ error: `Twilio has no Content Templates in ${REGIONS[read.target.region].name} (error ${refusal}).` })
      return
    }
    let response: globalThis.Response
    try {
      // To the emulator when the page runs against one, else to Twilio's Content API; the page's credentials go there
      // and nowhere else: a redirect is not followed.
      const url = contentBySidUrl(read.target, sid)
      response = options.emulatorUrl
        ? await fetch(rewriteTwilioUrl(url, options.emulatorUrl), {
            headers: { Authorization: authorization, ...standInHeaders(url) },
            redirect: 'manual'
          })
        : await fetch(url, { headers: { Authorization: authorization }, redirect: 'manual' })
    } catch (error) {
      res.status(502).json({ error: `Twilio's Content API does not answer: ${(error as Error).message}` })
      return
    }
    if (response.status >= 300 && response.status < 400) {
      res.status(502).json({ error: `Twilio answered ${response.status}, a redirect, which is not followed.` })
      return
    }
    const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined
    if (!response.ok || !body) {
      const reason = typeof body?.message === 'string' ? `: ${body.message}` : ''
      res.status(response.ok ? 502 : response.status).json({ error: `Twilio answered ${response.status}${reason}` })
      return
    }
    res.json({ sid, friendlyName: body.friendly_name, variables: body.variables ?? {}, types: body.types ?? {} })
  })

  // The page's Import mapping: the same check, in the same words, as POST /<action> and `npm run send`.
  router.post('/mapping-check/:action', (req: Request, res: Response) => {
    const runner = req.app.locals.runner as DestinationRunner
    const mapping = (req.body as { mapping?: unknown } | undefined)?.mapping
    if (!isObject(mapping)) {
      res.status(400).json({ error: 'Post {"mapping": {…}}: the mapping object, field → value.' })
      return
    }
    const error = runner.unknownMappingKeys(String(req.params.action), mapping as JSONObject)
    res.json(error ? { ok: false, error } : { ok: true })
  })

  router.use((req, res) => {
    res.status(404).json({
      error:
        `No route ${req.method} /tester${req.path}. Routes: GET /tester/config, GET /tester/outbox, ` +
        'POST /tester/outbox/<sid>/cancel, POST /tester/simulate/inbound, POST /tester/simulate/stop, ' +
        'GET /tester/content/<HX…>, POST /tester/mapping-check/<action>.'
    })
  })

  return router
}
