// The 2010 REST API routes (api.twilio.com/2010-04-01/Accounts/{AccountSid}/…): the Account, Messages create, list,
// fetch and update, IncomingPhoneNumbers and SMS ShortCodes, each behind the same-account check.
import express, { Router } from 'express'
import { sameAccount } from './basic-auth'
import type { EmulatorContext } from './context'
import { EmulatorError, authenticateError, notFoundError } from './errors'
import { queryString, sendError } from './express-helpers'
import { DATE_SENT_FILTERS, dateSentPredicate, updateMessage } from './message-routes'
import { envelope2010, isError, parsePageRequest, slicePage } from './pagination'
import { accountJson, incomingPhoneNumberJson, messageJson, shortCodeJson } from './resources'
import { regionalRefusal } from './regions'
import { FormParams, validateMessageCreate } from './validate'

/** Adds the routes to the emulator's Twilio router (after its fault injection and authentication). */
export function mountApi2010Routes(router: Router, context: EmulatorContext): void {
  const { account, credentials, state } = context
  const ownAccount = sameAccount(credentials, state)
  const api = '/2010-04-01/Accounts/:AccountSid'

  router.get('/2010-04-01/Accounts/:AccountSid.json', ownAccount, (_req, res) => {
    // A Standard API key may not read the Account resource: 401 / 20003 even for good credentials.
    if (res.locals.caller !== 'auth-token' || !credentials.authToken) return sendError(res, authenticateError())
    res.json(accountJson(account, credentials.authToken))
  })

  router.post(
    `${api}/Messages.json`,
    ownAccount,
    express.urlencoded({ extended: false, limit: '1mb', parameterLimit: 2000 }),
    (req, res) => {
      const params = (req.body && typeof req.body === 'object' ? req.body : {}) as FormParams
      const now = context.clock()
      // What this region refuses comes first: it is about the request's kind, not its details.
      const regional = regionalRefusal(params, context.region, context.foreignNumbers)
      if (regional) {
        state.counters.rejected++
        return sendError(res, regional)
      }
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
    router.get(path, ownAccount, (req, res) => {
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

  router.get(`${api}/Messages/:Sid.json`, ownAccount, (req, res) => {
    const message = state.getMessage(String(req.params.Sid))
    if (!message) return sendError(res, notFoundError(req.path))
    res.json(messageJson(message))
  })

  router.post(
    `${api}/Messages/:Sid.json`,
    ownAccount,
    express.urlencoded({ extended: false, limit: '100kb' }),
    (req, res) => {
      const message = state.getMessage(String(req.params.Sid))
      if (!message) return sendError(res, notFoundError(req.path))
      updateMessage(req, res, message, context.lifecycle)
    }
  )
}
