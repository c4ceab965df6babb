// @ts-check
// Before sending a Content Template: the message as Twilio will render it with this event, each variable either
// filled from the mapping or, called out, falling back to the template's default ("{{2}} is not mapped: Twilio
// will send "your order""). Empty values are left out of ContentVariables by the destination, so the default
// applies to them too. The template comes from GET /tester/content/<HX…> (Twilio's Content API).
import { withRegion } from './region.js'
import { byId, h, isObject } from './dom.js'
import { evaluate, templateRefs } from './event-values.js'
import { currentSettings } from './settings.js'
import { state } from './state.js'
import { channelChosen } from './warnings.js'

/** @typedef {{ friendlyName?: string, variables: Record<string, unknown>, types: Record<string, any> }} Template */

/** @type {Map<string, Promise<{ template?: Template, error?: string }>>} */
const cache = new Map()
/** @type {ReturnType<typeof setTimeout> | undefined} */
let timer
let sequence = 0

export function schedulePreview() {
  clearTimeout(timer)
  timer = setTimeout(() => void renderPreview(), 250)
}

/** @param {string} key */
function fixed(key) {
  const ui = state.ui.get(key)
  if (!ui || ui.row.hidden || ui.mode !== 'fixed') return undefined
  const value = ui.read().value
  return typeof value === 'string' ? value.trim() : undefined
}

/** @param {string} sid @param {string} authorization */
function loadTemplate(sid, authorization) {
  // The template lives in the settings' region (and edge): the dev server checks both before it asks Twilio.
  const edge = state.settingsInputs.edge?.value.trim() ?? ''
  const path = withRegion(`/tester/content/${sid}`) + (edge ? `&edge=${encodeURIComponent(edge)}` : '')
  const cacheKey = `${path} ${authorization}`
  let loading = cache.get(cacheKey)
  if (!loading) {
    loading = fetch(path, { headers: { Authorization: authorization } })
      .then(async (response) => {
        const data = await response.json().catch(() => ({}))
        return response.ok
          ? { template: /** @type {Template} */ (data) }
          : { error: String(data?.error ?? response.status) }
      })
      .catch((error) => ({ error: String(error) }))
    cache.set(cacheKey, loading)
  }
  return loading
}

/**
 * What Twilio sends on the chosen channel, as the emulator renders it: on WhatsApp, RCS and Messenger the rich type
 * (a quick reply, a card) with its buttons; on SMS and MMS the `twilio/text` fallback.
 * @param {Template} template @returns {{ text: string, buttons: string[] }}
 */
function templateContent(template) {
  const types = Object.entries(template.types ?? {}).filter(([, content]) => isObject(content))
  const text = (/** @type {any} */ content) => (typeof content?.body === 'string' ? content.body : content?.title)
  const rich = types.find(([name, content]) => name !== 'twilio/text' && typeof text(content) === 'string')
  const plain = types.find(([name]) => name === 'twilio/text') ?? types.find(([, content]) => text(content))
  const channel = channelChosen()
  const [, chosen] = (channel && channel !== 'sms' && channel !== 'mms' && rich) || plain || rich || ['', {}]
  const actions = Array.isArray(chosen?.actions) ? chosen.actions : []
  return {
    text: String(text(chosen) ?? ''),
    buttons: actions
      .map((/** @type {any} */ action) => action?.title)
      .filter((/** @type {unknown} */ title) => typeof title === 'string')
  }
}

async function renderPreview() {
  const box = byId('template-preview')
  const type = fixed('contentTemplateType')
  const sid = /HX[0-9a-fA-F]{32}/.exec(fixed('contentSid') ?? '')?.[0]
  if (!type || type.toLowerCase() === 'inline' || !sid) {
    box.hidden = true
    return
  }
  const settings = currentSettings()
  let authorization
  try {
    authorization = `Basic ${window.btoa(`${settings.apiKeySID ?? ''}:${settings.apiKeySecret ?? ''}`)}`
  } catch {
    authorization = ''
  }
  const mine = ++sequence
  const { template, error } = await loadTemplate(sid, authorization)
  if (mine !== sequence) return
  box.hidden = false
  if (!template) {
    box.replaceChildren(h('p', { class: 'hint warn', text: `No preview: the template could not be read (${error}).` }))
    return
  }
  const mapped = state.ui.get('contentVariables')?.read().value
  const values = isObject(mapped) && state.event ? evaluate(mapped, state.event).value : {}
  const given = isObject(values) ? values : {}
  const defaults = isObject(template.variables) ? template.variables : {}
  const { text, buttons } = templateContent(template)
  const names = [...new Set([...templateRefs(text), ...Object.keys(defaults)])]
  /** @type {HTMLElement[]} */
  const notes = []
  /** @type {Record<string, string>} */
  const filled = {}
  for (const name of names) {
    const value = given[name]
    const fallback = defaults[name] === undefined ? undefined : String(defaults[name])
    const isMapped = isObject(mapped) && name in mapped
    if (value !== undefined && value !== null && value !== '' && typeof value !== 'symbol') {
      filled[name] = String(value)
      continue
    }
    const why = isMapped ? 'finds nothing in this event' : 'is not mapped'
    if (fallback !== undefined) {
      filled[name] = fallback
      notes.push(h('li', { class: 'warn', text: `{{${name}}} ${why}: Twilio will send "${fallback}".` }))
    } else {
      filled[name] = ''
      notes.push(h('li', { class: 'warn', text: `{{${name}}} ${why} and the template has no default for it.` }))
    }
  }
  const body = h('p', { class: 'preview-body' })
  let last = 0
  for (const match of text.matchAll(/{{\s*([^{}]+?)\s*}}/g)) {
    body.append(text.slice(last, match.index), h('mark', { text: filled[match[1]] ?? '' }))
    last = (match.index ?? 0) + match[0].length
  }
  body.append(text.slice(last))
  // A variable mapped that the template does not have: Twilio ignores it.
  for (const name of Object.keys(given).filter((key) => !names.includes(key))) {
    notes.push(h('li', { class: 'warn', text: `{{${name}}} is not a variable of this template: Twilio ignores it.` }))
  }
  box.replaceChildren(
    h('h3', { text: `Preview: ${template.friendlyName ?? sid}` }),
    body,
    buttons.length
      ? h(
          'ul',
          { class: 'preview-buttons', 'aria-label': 'Buttons' },
          buttons.map((title) => h('li', { text: title }))
        )
      : '',
    notes.length
      ? h('ul', { class: 'preview-notes', 'aria-label': 'Template variables' }, notes)
      : h('p', { class: 'hint', text: 'Every variable is filled from this event.' })
  )
}
