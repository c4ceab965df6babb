// @ts-check
// What a send did: the request Twilio received and its answer, or an error with the fields to fix.
import { h, isObject, showError } from './dom.js'
import { explainFieldError } from './explain.js'
import { state } from './state.js'
import { twilioErrorNodes } from './twilio-error.js'

/**
 * @typedef {{ url: string, method: string, headers: Record<string, string>, body: string | null }} SentRequest
 * @typedef {{ statusCode: number, statusMessage: string, headers: Record<string, string>, body: unknown }} Received
 * @typedef {{ request: SentRequest, response: Received }} Exchange
 * @typedef {{ statusCode: number, message: string, code?: string, fields?: Record<string, string>,
 *   requestError: true, exchanges?: Exchange[] }} ErrorEntry
 * @typedef {{ noRequest: true, message: string, result?: unknown }} NoRequestEntry
 * @typedef {{ note: true, message: string, eventIndex?: number }} NoteEntry
 */

/** @param {Array<[string, Node | string]>} rows @param {string} caption @param {boolean} [hideCaption] */
function table(rows, caption, hideCaption = false) {
  return h('table', { class: 'kv' }, [
    h('caption', { text: caption, class: hideCaption ? 'sr-only' : '' }),
    h('thead', {}, [h('tr', {}, [h('th', { scope: 'col', text: 'Name' }), h('th', { scope: 'col', text: 'Value' })])]),
    h(
      'tbody',
      {},
      rows.map(([name, value]) => h('tr', {}, [h('th', { scope: 'row', text: name }), h('td', {}, [value])]))
    )
  ])
}

/** A form value; JSON parameters (ContentVariables, Tags) pretty-printed. @param {string} value */
function formValue(value) {
  if (/^[[{]/.test(value)) {
    try {
      return h('pre', { class: 'inline-json', text: JSON.stringify(JSON.parse(value), null, 2) })
    } catch {
      // not JSON: shown as text
    }
  }
  return h('code', { text: value })
}

/** @param {Exchange} exchange */
export function renderExchange(exchange) {
  const { request, response } = exchange
  const parts = []
  const contentType = Object.entries(request.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1]
  parts.push(h('h4', { text: 'Request Twilio received' }))
  parts.push(h('p', { class: 'mono request-line' }, [h('strong', { text: request.method }), ` ${request.url}`]))
  if (request.body && (!contentType || contentType.includes('x-www-form-urlencoded'))) {
    const params = [...new URLSearchParams(request.body)]
    parts.push(
      table(
        params.map(([name, value]) => [name, formValue(value)]),
        'Form parameters'
      )
    )
  } else if (request.body) {
    parts.push(h('pre', { class: 'code-block', text: request.body }))
  }
  parts.push(
    h('details', { open: '' }, [
      h('summary', { text: 'Request headers' }),
      table(
        Object.entries(request.headers ?? {}).map(([name, value]) => [name, h('code', { text: value })]),
        'Request headers',
        true
      )
    ])
  )
  const good = response.statusCode < 400
  parts.push(h('h4', { text: 'Twilio’s response' }))
  // The facts first (status, message SID and state, or Twilio's error code); the whole body one click away,
  // open by itself when Twilio refused.
  const answer = isObject(response.body) ? response.body : {}
  const facts = [
    typeof answer.sid === 'string' ? `sid ${answer.sid}` : '',
    typeof answer.status === 'string' ? `status ${answer.status}` : '',
    answer.code !== undefined && answer.code !== null ? `Twilio error ${answer.code}` : '',
    typeof answer.message === 'string' ? answer.message : ''
  ].filter(Boolean)
  parts.push(
    h('p', { class: 'response-line' }, [
      h('span', {
        class: `status-pill ${good ? 'ok' : 'error'}`,
        text: `${response.statusCode} ${response.statusMessage}`
      }),
      facts.length ? h('span', { class: 'mono', text: facts.join(' · ') }) : ''
    ])
  )
  const body = typeof response.body === 'string' ? response.body : JSON.stringify(response.body, null, 2)
  const details = h('details', {}, [
    h('summary', { text: 'Response body' }),
    h('pre', { class: 'code-block', text: body ?? '' })
  ])
  details.open = !good
  parts.push(details)
  return h('section', { class: 'exchange' }, parts)
}

/** Field keys named in an error: `fields`, `Label (fieldKey)`, `'Label'`, `missing the required field 'fieldKey'`. */
/** @param {ErrorEntry} entry @returns {Map<string, string>} key → the message to show next to that field */
export function fieldErrors(entry) {
  /** @type {Map<string, string>} */
  const found = new Map()
  const known = (/** @type {string} */ key) => state.ui.has(key) || key in state.settingsInputs
  /** @param {string} key @param {string} message */
  const add = (key, message) => {
    if (known(key) && !found.has(key)) found.set(key, explainFieldError(key, message))
  }
  for (const [key, message] of Object.entries(entry.fields ?? {})) add(key, message)
  // "To Phone Number (toPhoneNumber) '12' has no country code: … or set Default Country (defaultCountry) …" is about
  // its first field; the others it names are part of the fix. Said once, next to the first.
  const first = [...entry.message.matchAll(/\(([A-Za-z_][\w]*)\)/g)].find((match) => known(match[1]))
  if (first && !found.size) add(first[1], entry.message)
  // Twilio's fixes name fields by label: "Map 'To Phone Number' to a valid E.164 number".
  for (const [key, field] of Object.entries(state.fields)) {
    if (field.label && entry.message.includes(`'${field.label}'`)) add(key, entry.message)
  }
  for (const match of entry.message.matchAll(/missing the required field '([^']+)'/g)) add(match[1], match[0])
  return found
}

/** @param {string} key @param {string} message */
function attachFieldError(key, message) {
  const ui = state.ui.get(key)
  if (ui) {
    const input = ui.row.querySelector(`#f-${CSS.escape(key)}`) ?? ui.row
    showError(ui.error, /** @type {HTMLElement} */ (input), message)
    return
  }
  if (state.settingsInputs[key]) showError(state.settingsErrors[key], state.settingsInputs[key], message)
}

/** Scrolls to a field and focuses it (a mapping field or a setting). @param {string} key */
export function focusField(key) {
  const ui = state.ui.get(key)
  if (ui) {
    ui.row.scrollIntoView({ block: 'center' })
    ui.focus()
  } else {
    state.settingsInputs[key]?.scrollIntoView({ block: 'center' })
    state.settingsInputs[key]?.focus()
  }
}

/** @param {string} key */
export function fieldLabel(key) {
  return state.fields[key]?.label ?? state.settingsFields[key]?.label ?? key
}

/**
 * An error: its message goes next to each field it names (said once, there), the box lists the fields as links;
 * a message that names no field is said in the box. The framework's own words stay one click away.
 * @param {ErrorEntry} entry
 * @returns {{ nodes: HTMLElement[], fields: string[] }}
 */
export function renderError(entry) {
  const named = fieldErrors(entry)
  /** @type {Array<HTMLElement | string>} */
  const parts = [
    h('p', { class: 'error-title' }, [
      h('span', { class: 'status-pill error', text: String(entry.statusCode) }),
      entry.code ? h('code', { class: 'error-code', text: entry.code }) : '',
      ' ',
      entry.statusCode >= 500 || entry.statusCode === 429 ? 'Retryable error' : 'Error'
    ])
  ]
  if (named.size) {
    const list = h('ul', { class: 'error-fields', 'aria-label': 'Fields to fix' })
    for (const [key, message] of named) {
      attachFieldError(key, message)
      const go = h('button', { type: 'button', class: 'link', text: fieldLabel(key) })
      go.addEventListener('click', () => focusField(key))
      list.append(h('li', {}, [go]))
    }
    parts.push(h('p', { class: 'help', text: 'Fix, next to each field:' }), list)
    parts.push(
      h('details', { class: 'technical' }, [
        h('summary', { text: 'Technical message' }),
        h('p', { class: 'mono', text: entry.message })
      ])
    )
  } else {
    parts.push(...twilioErrorNodes(entry.message, entry.code))
  }
  const box = h('div', { class: 'error-box' }, parts)
  return { nodes: [box, ...(entry.exchanges ?? []).map(renderExchange)], fields: [...named.keys()] }
}
