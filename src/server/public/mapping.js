// @ts-check
// The Mapping panel: one row per field, shown, hidden and marked required from the current choices.
import { conditionKeys, isEmpty, isVisible, requiredState } from './conditions.js'
import { byId, clearError, h, isObject, richText, showError } from './dom.js'
import { scheduleHint } from './date-time.js'
import { checkAgainstEvent } from './event-check.js'
import { leftOutNote, updateLeftOut } from './left-out.js'
import { scheduleSave } from './mapping-file.js'
import { schedulePreview } from './template-preview.js'
import { MODE_LABELS, buildEditor, initialMapping, modesFor } from './field-editors.js'
import { state } from './state.js'
import { checkWarnings } from './warnings.js'

/**
 * @typedef {import('./state.js').Field} Field
 * @typedef {import('./state.js').FieldUi} FieldUi
 * @typedef {import('./state.js').Mode} Mode
 */

/** @param {string} key @param {Field} field */
export function renderField(key, field) {
  const label = field.label ?? key
  const start = initialMapping(field, field.default)
  const modeSelect = h(
    'select',
    { id: `m-${key}`, class: 'mode' },
    modesFor(field).map((mode) =>
      h('option', {
        value: mode,
        text: mode === 'fixed' && field.type === 'object' ? 'Key-value pairs' : MODE_LABELS[mode]
      })
    )
  )
  const requiredMark = h('span', { class: 'req' })
  const labelElement = h('label', { for: `f-${key}`, id: `l-${key}` }, [label, requiredMark])
  const error = h('p', { class: 'field-error', id: `e-${key}` })
  const editor = h('div', { class: 'editor' })
  const row = h('div', { class: 'field', id: `field-${key}`, 'data-key': key }, [
    h('div', { class: 'field-head' }, [
      labelElement,
      h('code', { class: 'key', text: key }),
      h('label', { for: `m-${key}`, class: 'sr-only', text: `How to map ${label}` }),
      modeSelect
    ]),
    h('p', { class: 'desc', id: `d-${key}` }, [richText(field.description ?? '')]),
    editor,
    // What a path or template gives with the current event, or that an empty field sends nothing (event-check.js).
    h('p', { class: 'resolved', id: `r-${key}` }),
    error,
    // A value Twilio would refuse although the form takes it (warnings.js): said, never blocking.
    h('p', { class: 'field-warning', id: `x-${key}` })
  ])

  /** @type {FieldUi} */
  const ui = {
    key,
    field,
    mode: modesFor(field).includes(start.mode) ? start.mode : 'json',
    row,
    editor,
    error,
    modeSelect,
    requiredMark,
    read: () => ({}),
    literal: () => undefined,
    focus: () => undefined,
    comboboxes: [],
    leftOut: leftOutNote(key)
  }
  if (field.format === 'date-time' && field.depends_on) ui.hint = scheduleHint(key)
  modeSelect.value = ui.mode
  buildEditor(ui, start.value)
  modeSelect.addEventListener('change', () => {
    const previous = ui.read().value
    ui.mode = /** @type {Mode} */ (modeSelect.value)
    // Keep what can be kept: a text stays a text, a directive's argument moves to its editor.
    let carried
    if (typeof previous === 'string') carried = previous
    else if (isObject(previous) && typeof previous['@path'] === 'string') carried = previous['@path']
    else if (isObject(previous) && typeof previous['@template'] === 'string') carried = previous['@template']
    if (ui.mode === 'json') carried = previous
    buildEditor(ui, ui.mode === 'fixed' && field.type === 'object' ? undefined : carried)
    clearError(error, undefined)
    onFieldChange(key)
  })
  state.ui.set(key, ui)
  return row
}

/**
 * Puts a mapping into the form. A field it does not name gets its default, as the dev server runs such a mapping
 * (`{...defaults, ...mapping}`); a field it holds as "" stays empty. @param {Record<string, unknown>} mapping
 */
export function applyMapping(mapping) {
  for (const ui of state.ui.values()) {
    const value = Object.prototype.hasOwnProperty.call(mapping, ui.key) ? mapping[ui.key] : ui.field.default
    const start = initialMapping(ui.field, value)
    ui.mode = modesFor(ui.field).includes(start.mode) ? start.mode : 'json'
    ui.modeSelect.value = ui.mode
    buildEditor(ui, start.value)
    clearError(ui.error, undefined)
  }
  applyConditions()
  checkAgainstEvent(state.event)
  scheduleSave()
  schedulePreview()
  for (const ui of state.ui.values()) ui.comboboxes.forEach((box) => box.markStale())
}

export function currentValues() {
  /** @type {Record<string, unknown>} */
  const values = {}
  for (const ui of state.ui.values()) values[ui.key] = ui.literal()
  return values
}

/** Shows, hides and marks fields from their depends_on and required conditions. */
export function applyConditions() {
  // Hidden fields do not count: evaluate twice so a field hidden by another hidden field's value settles.
  for (let pass = 0; pass < 2; pass++) {
    const values = currentValues()
    for (const ui of state.ui.values()) if (ui.row.hidden) values[ui.key] = undefined
    for (const ui of state.ui.values()) {
      const visible = isVisible(ui.field, values)
      if (ui.hint) ui.hint.hidden = visible
      if (ui.row.hidden === visible) {
        ui.row.hidden = !visible
        // Shown again: load its choices if something they depend on changed meanwhile.
        if (visible) ui.comboboxes.forEach((box) => box.stale && box.markStale())
      }
      if (pass === 1) updateLeftOut(ui, values)
      const required = requiredState(ui.field, values)
      const mark = required === 'always' || required === 'now'
      ui.row.classList.toggle('is-required', mark)
      ui.requiredMark.replaceChildren(
        ...(mark
          ? [
              h('span', { 'aria-hidden': 'true', text: ' *' }),
              h('span', {
                class: 'sr-only',
                text: required === 'now' ? ' (required for these choices)' : ' (required)'
              })
            ]
          : [])
      )
      const target = ui.row.querySelector(`#f-${CSS.escape(ui.key)}`)
      if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) {
        if (mark) target.setAttribute('aria-required', 'true')
        else target.removeAttribute('aria-required')
      }
    }
  }
}

/** @type {Map<string, ReturnType<typeof setTimeout>>} */
const pendingRequery = new Map()

/** @param {string} key */
export function onFieldChange(key) {
  const ui = state.ui.get(key)
  if (ui)
    clearError(
      ui.error,
      /** @type {HTMLElement | undefined} */ (ui.row.querySelector(`#f-${CSS.escape(key)}`) ?? undefined)
    )
  applyConditions()
  checkAgainstEvent(state.event)
  checkWarnings()
  scheduleSave()
  schedulePreview()
  if (!state.drivers.has(key)) return
  // Re-query the dropdowns that may depend on this value, once the typing stops.
  clearTimeout(pendingRequery.get(key))
  pendingRequery.set(
    key,
    setTimeout(() => {
      for (const other of state.ui.values()) {
        if (other.key === key) continue
        other.comboboxes.forEach((box) => box.markStale())
      }
    }, 250)
  )
}

/** @param {Record<string, Field>} fields */
export function renderMapping(fields) {
  const container = byId('mapping-fields')
  container.replaceChildren()
  state.ui.clear()
  state.fields = fields
  state.drivers = new Set([
    ...conditionKeys(fields),
    ...Object.entries(fields)
      .filter(([, field]) => field.dynamic)
      .map(([key]) => key)
  ])
  for (const [key, field] of Object.entries(fields)) {
    if (field.unsafe_hidden) continue
    container.append(renderField(key, field))
    const ui = state.ui.get(key)
    if (ui?.hint) container.append(ui.hint)
    if (ui) container.append(ui.leftOut)
  }
  applyConditions()
  for (const ui of state.ui.values()) ui.comboboxes.forEach((box) => box.markStale())
}

/** @returns {{ mapping?: Record<string, unknown>, invalid: string[] }} the mapping, or the fields to fix first */
export function buildMapping() {
  /** @type {Record<string, unknown>} */
  const mapping = {}
  /** @type {string[]} */
  const invalid = []
  for (const ui of state.ui.values()) {
    clearError(ui.error, undefined)
    if (ui.row.hidden) continue
    const { value, error } = ui.read()
    if (error) {
      invalid.push(ui.key)
      showError(ui.error, ui.row.querySelector(`#f-${CSS.escape(ui.key)}`) ?? ui.row, error)
      continue
    }
    const held = heldValue(ui, value)
    if (held !== undefined) mapping[ui.key] = held
  }
  return invalid.length ? { invalid } : { mapping, invalid }
}

/**
 * What the mapping holds for a shown field: its value, or "" for a field with a default that was cleared (Segment
 * sends nothing for it, where the dev server would fill in the default for a missing key), else nothing.
 * @param {FieldUi} ui @param {unknown} value
 */
export function heldValue(ui, value) {
  if (value !== undefined && !isEmpty(value)) return value
  return ui.field.default !== undefined ? '' : undefined
}
