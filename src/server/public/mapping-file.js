// @ts-check
// The mapping outside the page: kept in localStorage so that it survives a reload (with the event; never the
// settings, so never the secret), exported as a JSON file and imported from one. The file is the mapping object
// itself (field → fixed value or directive): what `npm run send -- --mapping <file>` reads and what a Segment
// subscription of this action stores as its mapping. Import also takes the dev server's request body
// (`{payload, settings, mapping}`, as the printed curl sends it) and reads only its `mapping`.
import { api, byId, isObject } from './dom.js'
import { applyMapping, heldValue } from './mapping.js'
import { state } from './state.js'

const STORAGE_KEY = 'twilio-messaging-tester:v1'
const SAVE_DELAY_MS = 200

/** The mapping as sending would build it, without marking errors (a field in error is left out). */
export function collectMapping() {
  /** @type {Record<string, unknown>} */
  const mapping = {}
  for (const ui of state.ui.values()) {
    if (ui.row.hidden) continue
    const { value, error } = ui.read()
    const held = error ? undefined : heldValue(ui, value)
    if (held !== undefined) mapping[ui.key] = held
  }
  return mapping
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let pending

/** Saves the mapping and the event text soon (typing saves once it pauses). */
export function scheduleSave() {
  clearTimeout(pending)
  pending = setTimeout(saveNow, SAVE_DELAY_MS)
}

function saveNow() {
  pending = undefined
  const event = /** @type {HTMLTextAreaElement} */ (byId('event-json')).value
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ mapping: collectMapping(), event }))
  } catch {
    // Storage full or disabled (private mode): the page works without it.
  }
}

/** @returns {{ mapping?: Record<string, unknown>, event?: string }} */
export function loadSaved() {
  try {
    const saved = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? 'null')
    if (!isObject(saved)) return {}
    return {
      mapping: isObject(saved.mapping) ? saved.mapping : undefined,
      event: typeof saved.event === 'string' ? saved.event : undefined
    }
  } catch {
    return {}
  }
}

/** A URL on this machine, which Twilio cannot call for a Segment subscription. @param {unknown} url */
function isLocalUrl(url) {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(String(url)).hostname)
  } catch {
    return false
  }
}

function exportMapping() {
  const mapping = collectMapping()
  const text = `${JSON.stringify(mapping, null, 2)}\n`
  const link = document.createElement('a')
  link.href = URL.createObjectURL(new window.Blob([text], { type: 'application/json' }))
  link.download = `${state.actionSlug}-mapping.json`
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(link.href), 1000)
  const local = Object.entries(mapping).find(([, value]) => isLocalUrl(value))
  say(
    local ? 'warn' : 'ok',
    `Exported ${link.download}: use it with npm run send -- --mapping ${link.download}.` +
      (local
        ? ` Its ${state.fields[local[0]]?.label ?? local[0]} ${String(local[1])} is this dev server: Twilio cannot ` +
          'call it for a Segment subscription, so change or remove it before using the mapping in Segment.'
        : '')
  )
}

/**
 * The mapping in an imported file, or why there is none. Its keys are checked by the dev server, so the page says
 * what `npm run send` and `POST /<action>` say of the same file.
 * @param {string} text @returns {Promise<{ mapping?: Record<string, unknown>, error?: string }>}
 */
export async function mappingFromFile(text) {
  let data
  try {
    data = JSON.parse(text)
  } catch (error) {
    return { error: `The file is not JSON: ${error instanceof Error ? error.message : String(error)}` }
  }
  const mapping = isObject(data) && isObject(data.mapping) ? data.mapping : data
  if (!isObject(mapping)) return { error: 'The file must hold a JSON object: field → value, as Export writes it.' }
  const checked = await api(`/tester/mapping-check/${state.actionSlug}`, { mapping })
  if (!checked.ok || !checked.data?.ok) {
    return { error: String(checked.data?.error ?? 'The dev server could not check the file.') }
  }
  return { mapping }
}

/** @param {'ok' | 'warn' | 'error'} kind @param {string} text */
function say(kind, text) {
  const status = byId('mapping-file-status')
  status.className = `result-line ${kind}`
  status.textContent = text
}

export function setupMappingFile() {
  const input = /** @type {HTMLInputElement} */ (byId('import-file'))
  byId('export-mapping').addEventListener('click', exportMapping)
  byId('import-mapping').addEventListener('click', () => input.click())
  input.addEventListener('change', async () => {
    const file = input.files?.[0]
    if (!file) return
    const { mapping, error } = await mappingFromFile(await file.text())
    input.value = ''
    if (!mapping) {
      say('error', `✗ ${file.name} was not imported. ${error}`)
      return
    }
    applyMapping(mapping)
    say('ok', `✓ Imported ${Object.keys(mapping).length} fields from ${file.name}.`)
  })
}
