// @ts-check
// Live reload under `npm run dev`: after each restart the dev server's port + 1 sends `change` over a WebSocket
// (as `actions-cli serve` does for Segment's hosted tester). The page then reloads the definition from /manifest
// and re-renders only what changed, keeping what the user typed: unchanged fields and settings are left as they
// are, a changed field gets its typed text back, and the event editor is never touched.
import { api, byId, h } from './dom.js'
import { buildEditor, initialMapping, modesFor } from './field-editors.js'
import { applyConditions, renderField, renderMapping } from './mapping.js'
import { currentSettings, renderSettings } from './settings.js'
import { state } from './state.js'

/**
 * @typedef {import('./state.js').Field} Field
 * @typedef {import('./state.js').FieldUi} FieldUi
 * @typedef {{ mode: import('./state.js').Mode, value: unknown, text?: string }} Typed
 */

/** Starts listening if the dev server says live reload is on (GET /dev/live-reload); otherwise does nothing. */
export async function listenForReloads() {
  const { data } = await api('/dev/live-reload')
  if (!data?.enabled || typeof data.port !== 'number') return
  const status = h('p', { id: 'reload-status', class: 'help', role: 'status', 'aria-live': 'polite' })
  byId('mode-badge').after(status)
  let reloads = 0
  const socket = new window.WebSocket(`ws://${window.location.hostname}:${data.port}`)
  socket.addEventListener('message', (event) => {
    if (event.data !== 'change') return
    void reloadDefinition().then(
      (summary) => {
        reloads++
        status.textContent = `Reloaded ${new Date().toLocaleTimeString()}: ${summary}`
        document.body.dataset.reloads = String(reloads)
      },
      (error) => {
        status.textContent = `The dev server restarted but its definition could not be read: ${String(error)}`
      }
    )
  })
  socket.addEventListener('close', () => {
    status.textContent = 'Live reload stopped: npm run dev is no longer running.'
  })
}

/** Reads /manifest again and applies it; returns what changed, in words. */
async function reloadDefinition() {
  const { ok, status, data } = await api('/manifest')
  if (!ok) throw new Error(`GET /manifest answered ${status}`)
  const actions = data?.actions ?? {}
  const action = actions[state.actionSlug]
  if (!action) throw new Error(`the action ${state.actionSlug} is no longer in the definition`)
  byId('mapping-title').textContent = `Mapping: ${action.title ?? state.actionSlug}`
  byId('action-description').textContent = action.description ?? ''
  const settingsChanged = reloadSettings(data.authentication?.fields ?? {})
  const fieldsChanged = reloadFields(action.fields ?? {})
  const parts = []
  if (fieldsChanged) parts.push(`${fieldsChanged} mapping field${fieldsChanged === 1 ? '' : 's'} updated`)
  if (settingsChanged) parts.push('settings updated')
  return parts.length ? `${parts.join(', ')}; what you typed is kept.` : 'no field changed.'
}

/** @param {Record<string, Field>} fields */
function reloadSettings(fields) {
  if (same(fields, state.settingsFields)) return false
  const typed = currentSettings()
  state.settingsFields = fields
  state.settingsInputs = {}
  state.settingsErrors = {}
  renderSettings(fields, typed)
  return true
}

/** @param {Record<string, Field>} fields @returns {number} how many fields were re-rendered */
function reloadFields(fields) {
  const oldFields = state.fields
  const changed = Object.keys(fields).filter((key) => !same(fields[key], oldFields[key]))
  const removed = Object.keys(oldFields).filter((key) => !(key in fields))
  if (changed.length === 0 && removed.length === 0) return 0
  /** @type {Map<string, Typed>} */
  const typed = new Map([...state.ui.values()].map((ui) => [ui.key, readTyped(ui)]))
  if (removed.length || !sameKeys(fields, oldFields)) {
    // Fields added, removed or reordered: render the form again, then put back every value typed.
    renderMapping(fields)
    for (const ui of state.ui.values()) restoreTyped(ui, typed.get(ui.key))
  } else {
    state.fields = fields
    for (const key of changed) {
      const old = state.ui.get(key)
      if (!old || fields[key].unsafe_hidden) continue
      const row = renderField(key, fields[key])
      old.row.replaceWith(row)
      const fresh = state.ui.get(key)
      if (fresh) old.leftOut.replaceWith(fresh.leftOut)
      const ui = state.ui.get(key)
      if (ui) restoreTyped(ui, typed.get(key))
    }
  }
  applyConditions()
  for (const ui of state.ui.values()) ui.comboboxes.forEach((box) => box.markStale())
  return changed.length + removed.length
}

/** What the user typed in a field: its mode, its value, and the raw text (kept even when it is not valid yet). */
/** @param {FieldUi} ui @returns {Typed} */
function readTyped(ui) {
  const element = ui.row.querySelector(`#f-${CSS.escape(ui.key)}`)
  const text = element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement ? element.value : undefined
  return { mode: ui.mode, value: ui.read().value, text }
}

/** @param {FieldUi} ui @param {Typed | undefined} typed */
function restoreTyped(ui, typed) {
  if (!typed) return
  const mode = modesFor(ui.field).includes(typed.mode) ? typed.mode : initialMapping(ui.field, typed.value).mode
  ui.mode = mode
  ui.modeSelect.value = mode
  const start = typed.value === undefined ? undefined : initialMapping(ui.field, typed.value).value
  buildEditor(ui, mode === 'json' ? typed.value : start)
  const element = ui.row.querySelector(`#f-${CSS.escape(ui.key)}`)
  if (typed.text !== undefined && (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement)) {
    element.value = typed.text
  }
}

/** @param {unknown} a @param {unknown} b */
function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** @param {Record<string, unknown>} a @param {Record<string, unknown>} b */
function sameKeys(a, b) {
  return same(Object.keys(a), Object.keys(b))
}
