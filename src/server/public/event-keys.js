// @ts-check
// Map by clicking: the event's keys as buttons; picking one maps it as a path into the mapping field that last had
// the focus (a template gets `{{key}}` at the caret, a key-value pair's value becomes an @path).
import { byId, h, isObject } from './dom.js'
import { buildEditor } from './field-editors.js'
import { onFieldChange } from './mapping.js'
import { state } from './state.js'

/** @type {{ key: string, element: HTMLElement } | undefined} */
let target

const MAX_DEPTH = 5
const MAX_KEYS = 200

/** Leaf paths of the event (arrays are leaves), at most MAX_KEYS. @param {unknown} value @param {string} prefix */
function leaves(value, prefix = '', depth = 0, out = /** @type {Array<[string, unknown]>} */ ([])) {
  if (out.length >= MAX_KEYS) return out
  if (isObject(value) && depth < MAX_DEPTH && Object.keys(value).length) {
    for (const [key, child] of Object.entries(value)) {
      const name = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : `['${key}']`
      leaves(child, prefix ? (name.startsWith('[') ? `${prefix}${name}` : `${prefix}.${name}`) : name, depth + 1, out)
    }
  } else if (prefix) out.push([prefix, value])
  return out
}

/** @param {unknown} value */
function preview(value) {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return text.length > 32 ? `${text.slice(0, 31)}…` : text
}

function showTarget() {
  const line = byId('map-target')
  const label = target ? (state.fields[target.key]?.label ?? target.key) : ''
  line.textContent = target
    ? `Picking a key maps it into ${label}.`
    : 'Focus a mapping field, then pick a key to map it there as a path.'
}

/** Remembers the mapping field that had the focus last. */
export function trackMappingFocus() {
  byId('mapping-fields').addEventListener('focusin', (event) => {
    const element = /** @type {HTMLElement} */ (event.target)
    const row = /** @type {HTMLElement | null} */ (element.closest('.field[data-key]'))
    if (!row?.dataset.key || element.matches('select.mode')) return
    target = { key: row.dataset.key, element }
    showTarget()
  })
  showTarget()
}

/** @param {HTMLInputElement} input @param {string} text */
function insertAtCaret(input, text) {
  const start = input.selectionStart ?? input.value.length
  const end = input.selectionEnd ?? start
  input.value = `${input.value.slice(0, start)}${text}${input.value.slice(end)}`
  input.setSelectionRange(start + text.length, start + text.length)
}

/** Maps `path` (e.g. `properties.phone`) into the remembered field. @param {string} path */
export function mapKey(path) {
  if (!target || !target.element.isConnected) {
    target = undefined
    showTarget()
    byId('map-target').classList.add('warn')
    return
  }
  byId('map-target').classList.remove('warn')
  const ui = state.ui.get(target.key)
  if (!ui) return
  const kvRow = target.element.closest('.kv-row')
  if (kvRow) {
    // A key-value pair: its value becomes an @path (or gets {{key}} in @template mode).
    const mode = /** @type {HTMLSelectElement} */ (kvRow.querySelector('select'))
    const value = /** @type {HTMLInputElement} */ (kvRow.querySelector('input.kv-value'))
    if (mode.value === 'template') insertAtCaret(value, `{{${path}}}`)
    else {
      mode.value = 'path'
      mode.dispatchEvent(new window.Event('change'))
      value.value = `$.${path}`
    }
    value.dispatchEvent(new window.Event('input'))
    value.focus()
    target = { key: ui.key, element: value }
    return
  }
  if (ui.mode === 'template' && target.element instanceof HTMLInputElement) {
    insertAtCaret(target.element, `{{${path}}}`)
    target.element.dispatchEvent(new window.Event('input'))
    target.element.focus()
    return
  }
  ui.mode = 'path'
  ui.modeSelect.value = 'path'
  buildEditor(ui, `$.${path}`)
  onFieldChange(ui.key)
  ui.focus()
  const input = /** @type {HTMLElement | null} */ (ui.row.querySelector(`#f-${CSS.escape(ui.key)}`))
  if (input) target = { key: ui.key, element: input }
}

/** The event's keys as buttons. @param {unknown} event */
export function renderEventKeys(event) {
  const list = byId('event-keys')
  list.replaceChildren(
    ...leaves(event).map(([path, value]) => {
      const button = h('button', { type: 'button', class: 'event-key', 'data-path': path }, [
        h('span', { class: 'mono', text: path }),
        h('span', { class: 'key-value', text: preview(value) })
      ])
      button.setAttribute('aria-label', `Map ${path} (${preview(value)})`)
      // The field keeps the focus when a key is clicked; the keyboard (Tab, Enter) works too.
      button.addEventListener('mousedown', (mouse) => mouse.preventDefault())
      button.addEventListener('click', () => mapKey(path))
      return h('li', {}, [button])
    })
  )
}
