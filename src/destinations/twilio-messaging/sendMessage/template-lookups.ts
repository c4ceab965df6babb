// The Content Template dropdowns: templates of the chosen type that the channel supports (approved first on
// WhatsApp), and the chosen template's variable names for Content Variables.
import type { Payload } from './generated-types'
import {
  CONTENT_SID_PATTERN,
  INLINE,
  LIMITS,
  LIST_KEYS,
  approvalRank,
  contentAndApprovalsUrl,
  contentBySidUrl,
  contentUrl,
  extractSid,
  listPages,
  normalizeContentTemplateType,
  readJson,
  templateTwilioTypes,
  templateTypesForChannel,
  templateVariableNames,
  whatsappApprovalStatus
} from '../twilio'
import type { Channel, ContentTemplate, ContentTemplateType } from '../twilio'
import { getFromTwilio } from '../twilio/lookup-request'
import {
  displayName,
  errorResponse,
  requireChannel,
  requireSettings,
  requireTarget,
  stop,
  withTruncationNote
} from './lookup'
import { templateRegionProblem } from './region-rules'
import type { Lookup } from './lookup'

// ---------------------------------------------------------------------------------------------------------------
// Content Template SID: templates of the chosen type that the channel supports, as `Friendly Name [HX…]`

function requireTemplateType(payload: Partial<Payload> | undefined, selected: Channel): ContentTemplateType {
  const name = normalizeContentTemplateType(payload?.contentTemplateType)
  const supported = templateTypesForChannel(selected)
  if (!name) {
    return stop(
      'TEMPLATE_TYPE_REQUIRED',
      `Pick the Content Template Type first: ${selected} supports ${supported.map((type) => type.name).join(', ')}.`
    )
  }
  if (name === INLINE) {
    return stop(
      'TEMPLATE_TYPE_INLINE',
      'Content Template Type is Inline: write the message in Inline Template, or pick a template type to choose a template.'
    )
  }
  const type = supported.find((candidate) => candidate.name === name)
  if (!type) {
    return stop(
      'TEMPLATE_TYPE_UNSUPPORTED',
      `${selected} does not support ${name} templates: pick one of ${supported.map((t) => t.name).join(', ')}.`
    )
  }
  return type
}

const APPROVAL_LABELS: Record<string, string> = {
  approved: 'approved for WhatsApp',
  pending: 'WhatsApp approval pending',
  received: 'submitted to WhatsApp, not yet reviewed',
  unsubmitted: 'not submitted for WhatsApp approval',
  paused: 'paused by WhatsApp',
  rejected: 'rejected by WhatsApp',
  disabled: 'disabled by WhatsApp'
}

/** Where the region of the settings refuses Content Templates, no template is looked up there. */
function requireTemplatesInRegion(settings: Parameters<Lookup>[1]['settings']): void {
  const problem = templateRegionProblem(requireTarget(settings).region)
  if (problem) stop('NOT_IN_REGION', problem)
}

export const contentSid: Lookup = async (request, { settings, payload }) => {
  requireTemplatesInRegion(settings)
  const selected = requireChannel(payload, 'the templates')
  const type = requireTemplateType(payload, selected)
  const target = requireSettings(settings)
  const whatsapp = selected === 'Whatsapp'
  // WhatsApp needs approval statuses, which only ContentAndApprovals returns (and only up to 500 per page).
  const list = whatsapp
    ? await listPages<ContentTemplate>(request, target, 'content', contentAndApprovalsUrl(target), LIST_KEYS.contents, {
        pageSize: LIMITS.contentAndApprovalsPageSizeMax
      })
    : await listPages<ContentTemplate>(request, target, 'content', contentUrl(target), LIST_KEYS.contents)

  const rows = list.items
    .filter((item) => typeof item?.sid === 'string' && CONTENT_SID_PATTERN.test(item.sid))
    .filter((item) => templateTwilioTypes(item).includes(type.twilioType))
    .map((item) => {
      const sid = item.sid as string
      const value = `${displayName(item.friendly_name, sid)} [${sid}]`
      const status = whatsapp ? whatsappApprovalStatus(item) : undefined
      const details = [type.name]
      if (whatsapp)
        details.push(status ? APPROVAL_LABELS[status] ?? `WhatsApp status: ${status}` : 'no WhatsApp approval data')
      if (typeof item.language === 'string' && item.language) details.push(`language ${item.language}`)
      return { choice: { label: value, value, description: details.join(' · ') }, rank: approvalRank(status) }
    })
    .sort(
      (a, b) =>
        (whatsapp ? a.rank - b.rank : 0) ||
        a.choice.label.localeCompare(b.choice.label, 'en', { sensitivity: 'base', numeric: true })
    )

  if (rows.length === 0) {
    return list.items.length === 0
      ? errorResponse(
          'EMPTY_ACCOUNT',
          'No Content Templates in this account: create one in Twilio Console > Messaging > Content Template Builder, or set Content Template Type to Inline.'
        )
      : errorResponse(
          'NO_MATCHING_TEMPLATES',
          `None of the ${list.items.length.toLocaleString('en-US')} Content Templates in this account is of type ${
            type.name
          } (${
            type.twilioType
          }): pick another Content Template Type or create one in Twilio Console > Messaging > Content Template Builder.`
        )
  }
  return withTruncationNote(
    { choices: rows.map((row) => row.choice) },
    list.truncated,
    'Content Templates',
    'type the SID (HX followed by 32 hexadecimal characters) if yours is not listed.'
  )
}

// ---------------------------------------------------------------------------------------------------------------
// Content Variables keys: the chosen template's variable names, minus those already mapped

export const contentVariableKeys: Lookup = async (request, { settings, payload }) => {
  requireTemplatesInRegion(settings)
  const raw = typeof payload?.contentSid === 'string' ? payload.contentSid : ''
  if (!raw.trim()) {
    return stop('CONTENT_SID_REQUIRED', 'Pick the Content Template first: its variables are listed here.')
  }
  const sid = extractSid(raw)
  // The SID goes into the URL path: anything but HX + 32 hex characters never leaves this function.
  if (!CONTENT_SID_PATTERN.test(sid)) {
    return stop(
      'INVALID_SID',
      'The Content Template SID must be HX followed by 32 hexadecimal characters (or "Name [HX…]" as the list shows it): pick the template again from the list.'
    )
  }
  const target = requireSettings(settings)
  const response = await getFromTwilio(request, target, contentBySidUrl(target, sid))
  const body = await readJson(response)
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return stop('TWILIO_BAD_RESPONSE', `Twilio sent an unreadable answer for Content Template ${sid}: try again.`)
  }
  const names = templateVariableNames(body)
  if (names.length === 0) {
    return errorResponse(
      'NO_VARIABLES',
      `Content Template ${sid} has no variables: there is nothing to map in Content Variables.`
    )
  }
  const mapped = new Set(
    payload?.contentVariables && typeof payload.contentVariables === 'object'
      ? Object.keys(payload.contentVariables).map((key) => key.trim())
      : []
  )
  const defaults = (body as ContentTemplate).variables ?? {}
  const choices = names
    .filter((name) => !mapped.has(name))
    .map((name) => {
      const fallback = defaults[name]
      return {
        label: name,
        value: name,
        description:
          typeof fallback === 'string' || typeof fallback === 'number'
            ? `Template default: ${String(fallback)}`
            : 'No default value in the template'
      }
    })
  return { choices }
}
