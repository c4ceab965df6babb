// @ts-check
// A cleared field that has a default: the mapping holds nothing for it, so nothing is sent (Segment sends nothing
// for a cleared field; only a new subscription starts from the defaults). Said under the field, with the default in
// words and one click to put it back.
import { h } from './dom.js'
import { buildEditor, initialMapping, modesFor } from './field-editors.js'
import { onFieldChange } from './mapping.js'
import { describeMapping } from './readable.js'

/** @typedef {import('./state.js').FieldUi} FieldUi */

/** Puts the field's default back in its editor. @param {FieldUi} ui */
function restoreDefault(ui) {
  const start = initialMapping(ui.field, ui.field.default)
  ui.mode = modesFor(ui.field).includes(start.mode) ? start.mode : 'json'
  ui.modeSelect.value = ui.mode
  buildEditor(ui, start.value)
  onFieldChange(ui.key)
  ui.focus()
}

/** The note under an empty field that has a default. @param {FieldUi} ui */
export function clearedNote(ui) {
  const words = describeMapping(ui.field.default) ?? JSON.stringify(ui.field.default)
  const label = ui.field.label ?? ui.key
  const button = h('button', { type: 'button', class: 'link', text: 'Use the default' })
  button.setAttribute('aria-label', `Use the default of ${label}`)
  button.addEventListener('click', () => restoreDefault(ui))
  return [`Empty: nothing is sent for this field, as in Segment. Its default was ${words}. `, button]
}
