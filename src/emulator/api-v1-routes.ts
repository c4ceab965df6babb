// The v1 API routes (messaging.twilio.com and content.twilio.com, one base URL here): Messaging Services, Content
// templates and their WhatsApp approvals. Not under an account path, so no same-account check.
import { Router } from 'express'
import type { EmulatorContext } from './context'
import { notFoundError } from './errors'
import { baseUrlOf, sendError } from './express-helpers'
import { envelopeV1, isError, parsePageRequest, slicePage } from './pagination'
import { approvalFetchJson, contentAndApprovalsJson, contentJson, serviceJson } from './resources'

/** Adds the routes to the emulator's Twilio router (after its fault injection and authentication). */
export function mountApiV1Routes(router: Router, context: EmulatorContext): void {
  const { account } = context

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
}
