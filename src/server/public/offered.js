// @ts-check
// Values that no longer fit: Channel, Sender Type and Content Template Type take one of a closed set that depends on
// the other choices (Quick Reply exists on WhatsApp, not on SMS). When a fresh list of choices arrives, or the box
// loses focus, a value the list does not offer is marked at once instead of failing after Send. Other dropdowns
// (From Phone Number, templates) accept values that are not listed, so they are not judged here.
import { clearError, showError } from './dom.js'

/** @typedef {import('./state.js').FieldUi} FieldUi @typedef {import('./combobox.js').Combobox} Combobox */

const CLOSED_CHOICES = new Set(['channel', 'senderType', 'contentTemplateType'])

/** @param {FieldUi} ui @param {Combobox} box @param {(key: string) => string} context e.g. `on SMS` */
export function checkOffered(ui, box, context) {
  if (!CLOSED_CHOICES.has(ui.key) || box.stale || box.loading || box.nextPage || ui.row.hidden) return
  const typed = box.value.trim()
  const wanted = typed.toLowerCase()
  const offered =
    !wanted ||
    box.choices.length === 0 ||
    box.choices.some((choice) => choice.value.toLowerCase() === wanted || choice.label.toLowerCase() === wanted)
  if (offered) {
    if (ui.unfit) clearError(ui.error, box.input)
    ui.unfit = undefined
    return
  }
  const names = box.choices.map((choice) => choice.label).join(', ')
  ui.unfit = `"${typed}" is not offered ${context(ui.key)}: pick one of ${names}.`
  showError(ui.error, box.input, ui.unfit)
}
