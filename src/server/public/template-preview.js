// @ts-check
// Before sending a Content Template: the message as Twilio will render it with this event, each variable either
// filled from the mapping or, called out, falling back to the template's default ("{{2}} is not mapped: Twilio
// will send "your order""). Empty values are left out of ContentVariables by the destination, so the default
// applies to them too. The template comes from GET /tester/content/<HX…> (Twilio's Content API).
import { byId, h, isObject } from './dom.js'
import { evaluate, templateRefs } from './event-values.js'
import { currentSettings } from './settings.js'
import { state } from './state.js'

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
  const cacheKey = `${sid} ${authorization}`
  let loading = cache.get(cacheKey)
  if (!loading) {
    loading = fetch(`/tester/content/${sid}`, { headers: { Authorization: authorization } })
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

/** The text Twilio renders: the first content type with a body (or a card's title). @param {Template} template */
function templateText(template) {
  for (const content of Object.values(template.types ?? {})) {
    if (isObject(content) && typeof content.body === 'string') return content.body
    if (isObject(content) && typeof content.title === 'string') return content.title
  }
  return ''
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
  const text = templateText(template)
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
  box.replaceChildren(
    h('h3', { text: `Preview: ${template.friendlyName ?? sid}` }),
    body,
    notes.length
      ? h('ul', { class: 'preview-notes', 'aria-label': 'Template variables' }, notes)
      : h('p', { class: 'hint', text: 'Every variable is filled from this event.' })
  )
}
