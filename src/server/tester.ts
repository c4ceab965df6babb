// Server side of the mapping tester page (`src/server/public/`): what the page needs besides the actions-cli
// serve API. `GET /tester/config` says where messages go and, against the emulator's demo account only, which
// settings to prefill; `GET /tester/outbox` lists what the emulator accepted. Live credentials never leave here.
import { Router } from 'express'
import { ADMIN_PREFIX, DEMO_CREDENTIALS } from '../emulator'
import { CONTENT_SID_PATTERN, contentBySidUrl } from '../destinations/twilio-messaging/twilio'
import type { CredentialSet } from './redact'
import { sampleMapping } from './samples'

export interface TesterOptions {
  /** The emulator's base URL (`http://127.0.0.1:<port>`): set only when requests go to the emulator. */
  emulatorUrl?: string
  /** The settings `npm start` prints for the emulator; only their public demo values reach the page. */
  demoSettings?: { accountSID?: string; apiKeySID?: string; apiKeySecret?: string }
}

export interface TesterConfig {
  mode: 'emulator' | 'live'
  /** Account SID and API Key SID to prefill (emulator mode only). */
  demoSettings?: { accountSID?: string; apiKeySID?: string }
  /**
   * The API key secret to prefill: only the emulator's public demo secret (printed by `npm start`, fixed in
   * src/emulator/seed.ts). Kept apart from `demoSettings` and under a key the redactor does not hide by name.
   */
  demoSecret?: string
  /** A mapping that works with the demo account (an SMS from its number), for the page's "Use the sample mapping". */
  sampleMapping?: Record<string, unknown>
  /** A sentence for the page's header. */
  note: string
}

/** Newest messages the outbox shows by default, and the most it returns. */
export const OUTBOX_LIMIT = 20
const OUTBOX_MAX = 200

export function testerConfig(options: TesterOptions = {}, knownSecrets: CredentialSet[] = []): TesterConfig {
  if (!options.emulatorUrl) {
    return {
      mode: 'live',
      note: 'Live: messages go to real Twilio and are billed. Type your credentials; the page keeps them in memory only.'
    }
  }
  const config: TesterConfig = {
    mode: 'emulator',
    note: 'Offline: messages go to the local Twilio emulator, nothing is sent.'
  }
  const demo = options.demoSettings
  if (demo) {
    config.demoSettings = {}
    if (typeof demo.accountSID === 'string') config.demoSettings.accountSID = demo.accountSID
    if (typeof demo.apiKeySID === 'string') config.demoSettings.apiKeySID = demo.apiKeySID
    if (isPublicDemoSecret(demo.apiKeySecret, knownSecrets)) config.demoSecret = demo.apiKeySecret
  }
  config.sampleMapping = sampleMapping()
  return config
}

/** Only the emulator's published demo secret, and only if nobody registered it as a secret to redact. */
function isPublicDemoSecret(secret: string | undefined, knownSecrets: CredentialSet[]): secret is string {
  return secret === DEMO_CREDENTIALS.apiKeySecret && !knownSecrets.some((known) => known.secret === secret)
}

export function createTesterRouter(options: TesterOptions = {}, knownSecrets: CredentialSet[] = []): Router {
  const router = Router()

  router.get('/config', (_req, res) => {
    res.json(testerConfig(options, knownSecrets))
  })

  router.get('/outbox', async (req, res) => {
    if (!options.emulatorUrl) {
      res.status(404).json({
        error:
          'No outbox in live mode: messages went to real Twilio. See them in Twilio Console > Monitor > Logs > Messaging.'
      })
      return
    }
    const asked = Number(typeof req.query.limit === 'string' ? req.query.limit : OUTBOX_LIMIT)
    const limit = Number.isInteger(asked) && asked > 0 ? Math.min(asked, OUTBOX_MAX) : OUTBOX_LIMIT
    let response: globalThis.Response
    try {
      response = await fetch(`${options.emulatorUrl}${ADMIN_PREFIX}/messages?limit=${limit}`)
    } catch (error) {
      res.status(502).json({ error: `The Twilio emulator does not answer: ${(error as Error).message}` })
      return
    }
    if (!response.ok) {
      res.status(502).json({ error: `The Twilio emulator answered ${response.status} to its outbox route.` })
      return
    }
    res.json(await response.json())
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
    let response: globalThis.Response
    try {
      response = await fetch(contentBySidUrl(sid), { headers: { Authorization: authorization } })
    } catch (error) {
      res.status(502).json({ error: `Twilio's Content API does not answer: ${(error as Error).message}` })
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

  router.use((req, res) => {
    res.status(404).json({
      error: `No route ${req.method} /tester${req.path}. Routes: GET /tester/config, GET /tester/outbox, GET /tester/content/<HX…>.`
    })
  })

  return router
}
