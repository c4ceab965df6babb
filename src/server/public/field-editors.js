// @ts-check
// One mapping field's editor for its mode: fixed value (plain input or combobox), @path, @template or JSON.
import { Combobox } from './combobox.js'
import { MAPPED } from './conditions.js'
import { api, h, isObject } from './dom.js'
import { buildKeyValueEditor, buildListEditor } from './collection-editors.js'
import { buildDateTimeEditor } from './date-time.js'
import { onFieldChange } from './mapping.js'
import { checkOffered } from './offered.js'
import { checkWarnings } from './warnings.js'
import { describeMapping } from './readable.js'
import { currentSettings } from './settings.js'
import { currentFeatures } from './feature-flags.js'
import { state } from './state.js'

/**
 * @typedef {import('./combobox.js').ChoicePage} ChoicePage
 * @typedef {import('./state.js').Field} Field
 * @typedef {import('./state.js').FieldUi} FieldUi
 * @typedef {import('./state.js').Mode} Mode
 * @typedef {import('./state.js').MappingValue} MappingValue
 */

export const MODE_LABELS = /** @type {const} */ ({
  fixed: 'Fixed value',
  path: 'Event path (@path)',
  template: 'Template (@template)',
  json: 'Mapping JSON'
})

/** @param {Field} field @returns {Mode[]} */
export function modesFor(field) {
  if (field.type === 'object' || field.multiple) return ['fixed', 'path', 'json']
  return ['fixed', 'path', 'template', 'json']
}

/** @param {Field} field @param {unknown} value @returns {{ mode: Mode, value: unknown }} */
export function initialMapping(field, value) {
  if (value === undefined) return { mode: 'fixed', value: undefined }
  if (isObject(value)) {
    if (typeof value['@path'] === 'string' && Object.keys(value).length === 1)
      return { mode: 'path', value: value['@path'] }
    if (typeof value['@template'] === 'string' && Object.keys(value).length === 1) {
      return { mode: 'template', value: value['@template'] }
    }
    if (Object.keys(value).some((key) => key.startsWith('@')) || field.type !== 'object') return { mode: 'json', value }
  }
  return { mode: 'fixed', value }
}

/** The payload of a dynamic-field call: the literal (fixed) values mapped so far. */
export function literalPayload() {
  /** @type {Record<string, unknown>} */
  const payload = {}
  for (const ui of state.ui.values()) {
    if (ui.mode !== 'fixed' || ui.row.hidden) continue
    const { value } = ui.read()
    if (value !== undefined) payload[ui.key] = value
  }
  return payload
}

/** @param {string} fieldPath e.g. `channel` or `contentVariables.__keys__` */
export function choiceLoader(fieldPath) {
  /** @param {string | undefined} page @returns {Promise<ChoicePage>} */
  return async (page) => {
    const { data, ok } = await api(`/${state.actionSlug}/${fieldPath}`, {
      settings: currentSettings(),
      payload: literalPayload(),
      features: currentFeatures(),
      page,
      dynamicFieldContext: {}
    })
    if (!ok) return { choices: [], error: { message: data?.error ?? 'The choices could not be loaded.' } }
    return { ...data, ...(data?.error ? { error: { ...data.error, message: settingsBlame(data.error.message) } } : {}) }
  }
}

/**
 * A lookup refused for a setting (the secret is empty): the setting's own message is next to it in Settings, so
 * the dropdown says where to look instead of saying it again. @param {unknown} message
 */
function settingsBlame(message) {
  const text = String(message ?? '')
  const key = Object.keys(state.settingsInputs).find((name) => text.includes(`(${name})`))
  return key ? `No choices until ${state.settingsFields[key]?.label ?? key} is fixed in Settings.` : text
}

/** Static `choices` of a field, as a loader for the same combobox. */
/** @param {Field} field */
export function staticLoader(field) {
  const choices = (field.choices ?? []).map((choice) =>
    typeof choice === 'string' ? { label: choice, value: choice } : { label: choice.label, value: String(choice.value) }
  )
  return async () => ({ choices })
}

/** @param {string} key @param {Field} field @param {string} describedBy */
function scalarInput(key, field, describedBy) {
  const id = `f-${key}`
  const type = field.type ?? 'string'
  let input
  if (type === 'text') {
    input = h('textarea', { id, rows: '3' })
  } else if (type === 'boolean') {
    input = h('select', { id }, [
      h('option', { value: '', text: '(not set)' }),
      h('option', { value: 'true', text: 'true' }),
      h('option', { value: 'false', text: 'false' })
    ])
  } else {
    input = h('input', { id, type: 'text', autocomplete: 'off', spellcheck: 'false' })
    if (type === 'integer' || type === 'number') input.inputMode = type === 'integer' ? 'numeric' : 'decimal'
    if (field.format === 'date-time') input.placeholder = '2026-12-24T09:00:00Z'
    else if (field.placeholder) input.placeholder = field.placeholder
  }
  input.setAttribute('aria-describedby', describedBy)
  return input
}

/**
 * @param {string} text
 * @param {Field} field
 * @returns {MappingValue}
 */
export function scalarValue(text, field) {
  if (text === '') return {}
  if (field.type === 'integer' || field.type === 'number') {
    const number = Number(text.trim())
    if (!Number.isFinite(number) || (field.type === 'integer' && !Number.isInteger(number))) {
      return { error: `Enter ${field.type === 'integer' ? 'a whole number' : 'a number'}, or map it from the event.` }
    }
    return { value: number }
  }
  if (field.type === 'boolean') return { value: text === 'true' }
  return { value: text }
}

/** An example path for a field: a phone number's, a URL's (media), else a property named like the field. */
/** @param {string} key */
function pathExample(key) {
  if (/phone/i.test(key)) return '$.properties.phone'
  if (/media|url|callback/i.test(key)) return '$.properties.receipt_url'
  return `$.properties.${key}`
}

/** Words for what a closed list of choices depends on: `for Channel "SMS"`. @param {string} key */
function offeredContext(key) {
  if (key === 'channel') return 'as a Channel'
  const channel = state.ui.get('channel')?.literal()
  return typeof channel === 'string' && channel ? `for Channel "${channel}"` : 'for these choices'
}

/**
 * Builds the editor of one field for its mode; returns how to read it.
 * @param {FieldUi} ui
 * @param {unknown} initial
 */
export function buildEditor(ui, initial) {
  const { key, field } = ui
  const describedBy = `d-${key} e-${key} r-${key} x-${key}`
  const changed = () => onFieldChange(key)
  ui.comboboxes = []
  ui.refreshKeys = undefined
  ui.unfit = undefined
  ui.editor.replaceChildren()

  if (ui.mode === 'path' || ui.mode === 'template') {
    const input = h('input', {
      id: `f-${key}`,
      type: 'text',
      autocomplete: 'off',
      spellcheck: 'false',
      class: 'mono',
      'aria-describedby': describedBy,
      placeholder: ui.mode === 'path' ? pathExample(key) : 'Hi {{properties.first_name}}'
    })
    input.value = typeof initial === 'string' ? initial : ''
    input.addEventListener('input', changed)
    ui.editor.append(input)
    const directive = ui.mode === 'path' ? '@path' : '@template'
    ui.read = () => {
      const text = input.value.trim()
      if (!text) return {}
      if (ui.mode === 'path' && !text.startsWith('$')) {
        return { error: 'An event path starts with $, for example $.properties.phone or $.context.traits.phone.' }
      }
      return { value: { [directive]: text } }
    }
    ui.literal = () => (input.value.trim() ? MAPPED : undefined)
    ui.focus = () => input.focus()
    return
  }

  if (ui.mode === 'json') {
    const input = h('textarea', { id: `f-${key}`, rows: '4', class: 'mono', spellcheck: 'false' })
    input.setAttribute('aria-describedby', describedBy)
    input.value = initial === undefined ? '' : JSON.stringify(initial, null, 2)
    // A directive with a short reading (a default such as "context.traits.phone, else properties.phone") is shown
    // in words; its JSON is one click away.
    const words = describeMapping(initial)
    if (words && isObject(initial)) {
      const reading = h('p', { class: 'readable', id: `w-${key}` }, ['From the event: ', h('strong', { text: words })])
      const details = h('details', { class: 'json-details' }, [h('summary', { text: 'Edit as mapping JSON' }), input])
      input.addEventListener('input', () => {
        const text = ui.read().value
        reading.replaceChildren('From the event: ', h('strong', { text: describeMapping(text) ?? 'see the JSON' }))
      })
      input.setAttribute('aria-describedby', `w-${key} ${describedBy}`)
      ui.editor.append(reading, details)
    } else ui.editor.append(input)
    input.addEventListener('input', changed)
    ui.read = () => {
      if (!input.value.trim()) return {}
      try {
        return { value: JSON.parse(input.value) }
      } catch (error) {
        return { error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` }
      }
    }
    ui.literal = () => {
      const { value } = ui.read()
      if (value === undefined) return undefined
      return isObject(value) && Object.keys(value).some((k) => k.startsWith('@')) ? MAPPED : value
    }
    ui.focus = () => {
      const details = input.closest('details')
      if (details) details.open = true
      input.focus()
    }
    return
  }

  if (field.type === 'object') {
    buildKeyValueEditor(ui, isObject(initial) ? initial : {})
    return
  }

  if (field.multiple) {
    buildListEditor(ui, Array.isArray(initial) ? initial.map(String) : initial === undefined ? [] : [String(initial)])
    return
  }

  if (field.format === 'date-time') {
    buildDateTimeEditor(ui, initial, changed)
    return
  }

  // A fixed scalar: a combobox for dynamic fields and fields with choices, else a plain input.
  if (field.dynamic || (field.choices && field.choices.length)) {
    const box = new Combobox({
      id: `f-${key}`,
      label: field.label ?? key,
      loader: field.dynamic ? choiceLoader(key) : staticLoader(field),
      onInput: () => {
        // A new value is judged when its list is fresh: at once after a pick, on leaving the box after typing.
        ui.unfit = undefined
        changed()
        if (!box.isOpen()) checkOffered(ui, box, offeredContext)
        checkWarnings()
      },
      onLoaded: () => {
        checkOffered(ui, box, offeredContext)
        checkWarnings()
      },
      describedBy,
      placeholder: 'Pick or type a value'
    })
    box.input.addEventListener('blur', () => checkOffered(ui, box, offeredContext))
    box.value = initial === undefined ? '' : String(initial)
    ui.editor.append(box.root)
    ui.comboboxes.push(box)
    ui.read = () => (ui.unfit ? { error: ui.unfit } : scalarValue(box.value, field))
    ui.literal = () => ui.read().value
    ui.focus = () => box.input.focus()
    return
  }
  const input = scalarInput(key, field, describedBy)
  if (input instanceof HTMLSelectElement) input.value = initial === undefined ? '' : String(initial)
  else input.value = initial === undefined ? '' : String(initial)
  input.addEventListener(input instanceof HTMLSelectElement ? 'change' : 'input', changed)
  ui.editor.append(input)
  ui.read = () => scalarValue(input.value, field)
  ui.literal = () => ui.read().value
  ui.focus = () => input.focus()
}
