// @ts-check
// The mapping tester page: settings, a mapping form rendered from GET /manifest, an event editor, "Send test
// event" through POST /<action>, and the emulator's outbox. Talks only to the dev server that serves it.
import { Combobox } from './combobox.js'
import { MAPPED, conditionKeys, isEmpty, isVisible, requiredState } from './conditions.js'
import { SAMPLES } from './samples.js'

/**
 * @typedef {import('./conditions.js').Conditions} Conditions
 * @typedef {import('./combobox.js').ChoicePage} ChoicePage
 * @typedef {{
 *   label?: string, description?: string, type?: string, required?: boolean | Conditions,
 *   depends_on?: Conditions, dynamic?: boolean, multiple?: boolean, default?: unknown, format?: string,
 *   choices?: Array<string | { label: string, value: string }>, placeholder?: string, unsafe_hidden?: boolean,
 *   minimum?: number, maximum?: number
 * }} Field
 * @typedef {'fixed' | 'path' | 'template' | 'json'} Mode
 * @typedef {{ value?: unknown, error?: string }} MappingValue
 * @typedef {{
 *   key: string, field: Field, mode: Mode, row: HTMLElement, editor: HTMLElement, error: HTMLElement,
 *   modeSelect: HTMLSelectElement, requiredMark: HTMLElement, read: () => MappingValue, literal: () => unknown,
 *   focus: () => void, comboboxes: Combobox[], refreshKeys?: () => void
 * }} FieldUi
 */

/** @param {string} id */
function byId(id) {
  const element = document.getElementById(id)
  if (!element) throw new Error(`#${id} is missing from index.html`)
  return element
}

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string>} [attributes]
 * @param {Array<Node | string>} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
function h(tag, attributes = {}, children = []) {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') element.className = value
    else if (name === 'text') element.textContent = value
    else element.setAttribute(name, value)
  }
  element.append(...children)
  return element
}

/** Descriptions use `code` spans: rendered as <code>, everything else as text. */
/** @param {string} text */
function richText(text) {
  const out = document.createDocumentFragment()
  text.split(/(`[^`]+`)/).forEach((part) => {
    if (part.startsWith('`') && part.endsWith('`') && part.length > 1)
      out.append(h('code', { text: part.slice(1, -1) }))
    else if (part) out.append(part)
  })
  return out
}

/**
 * @param {string} url
 * @param {unknown} [body]
 */
async function api(url, body) {
  const response = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await response.text()
  let data
  try {
    data = text ? JSON.parse(text) : undefined
  } catch {
    data = text
  }
  return { status: response.status, ok: response.ok, data }
}

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const state = {
  mode: /** @type {'emulator' | 'live'} */ ('live'),
  actionSlug: '',
  /** @type {Record<string, Field>} */
  settingsFields: {},
  /** @type {Record<string, HTMLInputElement>} */
  settingsInputs: {},
  /** @type {Record<string, HTMLElement>} */
  settingsErrors: {},
  /** @type {Record<string, Field>} */
  fields: {},
  /** @type {Map<string, FieldUi>} */
  ui: new Map(),
  /** Field keys whose value drives conditions or dynamic choices. */
  drivers: new Set()
}

// ---------------------------------------------------------------------------------------------------------------
// Settings

/** @param {Record<string, Field>} fields @param {Record<string, string>} prefill */
function renderSettings(fields, prefill) {
  const container = byId('settings-fields')
  container.replaceChildren()
  for (const [key, field] of Object.entries(fields)) {
    const id = `s-${key}`
    const secret = field.type === 'password'
    const input = h('input', {
      id,
      name: key,
      type: secret ? 'password' : 'text',
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-describedby': `sd-${key} se-${key}`
    })
    if (field.required) input.required = true
    input.value = prefill[key] ?? ''
    input.addEventListener('change', () => {
      clearError(state.settingsErrors[key], input)
      for (const ui of state.ui.values()) ui.comboboxes.forEach((box) => box.markStale())
    })
    const line = h('div', { class: 'input-line' }, [input])
    if (secret) {
      const show = h('button', { type: 'button', class: 'secondary small', 'aria-pressed': 'false', text: 'Show' })
      show.setAttribute('aria-label', `Show ${field.label ?? key}`)
      show.addEventListener('click', () => {
        const visible = input.type === 'password'
        input.type = visible ? 'text' : 'password'
        show.setAttribute('aria-pressed', String(visible))
        show.textContent = visible ? 'Hide' : 'Show'
      })
      line.append(show)
    }
    const error = h('p', { class: 'field-error', id: `se-${key}` })
    const label = h('label', { for: id }, [field.label ?? key])
    if (field.required) label.append(h('span', { class: 'req', 'aria-hidden': 'true', text: ' *' }))
    container.append(
      h('div', { class: 'field' }, [
        label,
        line,
        h('p', { class: 'desc', id: `sd-${key}` }, [richText(field.description ?? '')]),
        error
      ])
    )
    state.settingsInputs[key] = input
    state.settingsErrors[key] = error
  }
}

function currentSettings() {
  /** @type {Record<string, string>} */
  const settings = {}
  for (const [key, input] of Object.entries(state.settingsInputs)) {
    if (input.value !== '') settings[key] = input.value.trim()
  }
  return settings
}

async function testConnection() {
  const result = byId('auth-result')
  result.className = 'result-line'
  result.textContent = 'Testing…'
  for (const [key, input] of Object.entries(state.settingsInputs)) clearError(state.settingsErrors[key], input)
  try {
    const { data } = await api('/authenticate', currentSettings())
    if (data?.ok) {
      result.classList.add('ok')
      result.textContent = '✓ Connection works: the credentials were accepted.'
      return
    }
    result.classList.add('error')
    result.textContent = `✗ ${data?.error ?? 'The connection test failed.'}`
    const fields = isObject(data?.fields) ? data.fields : {}
    for (const [key, message] of Object.entries(fields)) {
      if (state.settingsInputs[key]) showError(state.settingsErrors[key], state.settingsInputs[key], String(message))
    }
  } catch (error) {
    result.classList.add('error')
    result.textContent = `✗ The dev server did not answer: ${String(error)}`
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Mapping fields

const MODE_LABELS = /** @type {const} */ ({
  fixed: 'Fixed value',
  path: 'Event path (@path)',
  template: 'Template (@template)',
  json: 'Mapping JSON'
})

/** @param {Field} field @returns {Mode[]} */
function modesFor(field) {
  if (field.type === 'object' || field.multiple) return ['fixed', 'path', 'json']
  return ['fixed', 'path', 'template', 'json']
}

/** @param {Field} field @param {unknown} value @returns {{ mode: Mode, value: unknown }} */
function initialMapping(field, value) {
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

/** @param {HTMLElement} error @param {HTMLElement} input @param {string} message */
function showError(error, input, message) {
  error.textContent = message
  input.setAttribute('aria-invalid', 'true')
  error.closest('.field')?.classList.add('has-error')
}

/** @param {HTMLElement | undefined} error @param {HTMLElement | undefined} input */
function clearError(error, input) {
  if (error) {
    error.textContent = ''
    error.closest('.field')?.classList.remove('has-error')
  }
  input?.removeAttribute('aria-invalid')
}

/** The payload of a dynamic-field call: the literal (fixed) values mapped so far. */
function literalPayload() {
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
function choiceLoader(fieldPath) {
  /** @param {string | undefined} page @returns {Promise<ChoicePage>} */
  return async (page) => {
    const { data, ok } = await api(`/${state.actionSlug}/${fieldPath}`, {
      settings: currentSettings(),
      payload: literalPayload(),
      page,
      dynamicFieldContext: {}
    })
    if (!ok) return { choices: [], error: { message: data?.error ?? 'The choices could not be loaded.' } }
    return data
  }
}

/** Static `choices` of a field, as a loader for the same combobox. */
/** @param {Field} field */
function staticLoader(field) {
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
function scalarValue(text, field) {
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

/**
 * Builds the editor of one field for its mode; returns how to read it.
 * @param {FieldUi} ui
 * @param {unknown} initial
 */
function buildEditor(ui, initial) {
  const { key, field } = ui
  const describedBy = `d-${key} e-${key}`
  const changed = () => onFieldChange(key)
  ui.comboboxes = []
  ui.refreshKeys = undefined
  ui.editor.replaceChildren()

  if (ui.mode === 'path' || ui.mode === 'template') {
    const input = h('input', {
      id: `f-${key}`,
      type: 'text',
      autocomplete: 'off',
      spellcheck: 'false',
      class: 'mono',
      'aria-describedby': describedBy,
      placeholder: ui.mode === 'path' ? '$.properties.phone' : 'Hi {{properties.first_name}}'
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
    input.addEventListener('input', changed)
    ui.editor.append(input)
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
    ui.focus = () => input.focus()
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

  // A fixed scalar: a combobox for dynamic fields and fields with choices, else a plain input.
  if (field.dynamic || (field.choices && field.choices.length)) {
    const box = new Combobox({
      id: `f-${key}`,
      loader: field.dynamic ? choiceLoader(key) : staticLoader(field),
      onInput: changed,
      describedBy,
      placeholder: 'Pick or type a value'
    })
    box.value = initial === undefined ? '' : String(initial)
    ui.editor.append(box.root)
    ui.comboboxes.push(box)
    ui.read = () => scalarValue(box.value, field)
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

/** @param {FieldUi} ui @param {string[]} initial */
function buildListEditor(ui, initial) {
  const { key, field } = ui
  const list = h('ol', { class: 'list-editor', id: `f-${key}`, tabindex: '-1', 'aria-label': field.label ?? key })
  list.setAttribute('aria-describedby', `d-${key} e-${key}`)
  const add = h('button', { type: 'button', class: 'secondary small', text: `Add ${field.label ?? key} value` })
  /** @param {string} text */
  const addRow = (text) => {
    const index = list.children.length + 1
    const input = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', class: 'mono' })
    input.setAttribute('aria-label', `${field.label ?? key} ${index}`)
    input.value = text
    input.addEventListener('input', () => onFieldChange(key))
    const remove = h('button', { type: 'button', class: 'secondary small', text: 'Remove' })
    remove.setAttribute('aria-label', `Remove ${field.label ?? key} ${index}`)
    const row = h('li', {}, [input, remove])
    remove.addEventListener('click', () => {
      row.remove()
      onFieldChange(key)
      add.focus()
    })
    list.append(row)
    return input
  }
  initial.forEach(addRow)
  add.addEventListener('click', () => addRow('').focus())
  ui.editor.append(list, add)
  const values = () =>
    [...list.querySelectorAll('input')].map((input) => input.value.trim()).filter((value) => value !== '')
  ui.read = () => (values().length ? { value: values() } : {})
  ui.literal = () => ui.read().value
  ui.focus = () => (list.querySelector('input') ?? add).focus()
}

/** @param {FieldUi} ui @param {Record<string, unknown>} initial */
function buildKeyValueEditor(ui, initial) {
  const { key, field } = ui
  const label = field.label ?? key
  const table = h('div', { class: 'kv-editor', id: `f-${key}`, tabindex: '-1', role: 'group', 'aria-label': label })
  table.setAttribute('aria-describedby', `d-${key} e-${key}`)
  const add = h('button', { type: 'button', class: 'secondary small', text: `Add ${label} pair` })
  /** @type {Array<{ keyText: () => string, read: () => MappingValue, box?: Combobox }>} */
  let rows = []
  let serial = 0
  const keyLoader = field.dynamic ? choiceLoader(`${key}.__keys__`) : undefined
  const changed = () => {
    onFieldChange(key)
    rows.forEach((row) => row.box?.markStale())
  }

  /** @param {string} name @param {unknown} value */
  const addRow = (name, value) => {
    const n = ++serial
    const keyLabel = `${label} key ${n}`
    let keyInput
    /** @type {Combobox | undefined} */
    let box
    if (keyLoader) {
      box = new Combobox({ id: `f-${key}-k${n}`, loader: keyLoader, onInput: changed, placeholder: 'Key' })
      box.input.setAttribute('aria-label', keyLabel)
      box.value = name
      keyInput = box.root
      ui.comboboxes.push(box)
    } else {
      const input = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: 'Key' })
      input.setAttribute('aria-label', keyLabel)
      input.value = name
      input.addEventListener('input', changed)
      keyInput = input
    }
    const start = initialMapping({ type: 'string' }, value)
    const mode = h('select', { 'aria-label': `${label} value ${n}: how to map` }, [
      h('option', { value: 'fixed', text: 'Fixed' }),
      h('option', { value: 'path', text: '@path' }),
      h('option', { value: 'template', text: '@template' })
    ])
    mode.value = start.mode === 'json' ? 'fixed' : start.mode
    const valueInput = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', class: 'mono' })
    valueInput.setAttribute('aria-label', `${label} value ${n}`)
    valueInput.value =
      start.value === undefined ? '' : typeof start.value === 'string' ? start.value : JSON.stringify(start.value)
    const placeholder = () =>
      (valueInput.placeholder =
        mode.value === 'path'
          ? '$.properties.first_name'
          : mode.value === 'template'
            ? '{{properties.first_name}}'
            : 'Value')
    placeholder()
    mode.addEventListener('change', () => {
      placeholder()
      changed()
    })
    valueInput.addEventListener('input', () => onFieldChange(key))
    const remove = h('button', { type: 'button', class: 'secondary small', text: 'Remove' })
    remove.setAttribute('aria-label', `Remove ${label} pair ${n}`)
    const row = h('div', { class: 'kv-row' }, [keyInput, mode, valueInput, remove])
    const entry = {
      box,
      keyText: () => (box ? box.value : /** @type {HTMLInputElement} */ (keyInput).value).trim(),
      /** @returns {MappingValue} */
      read: () => {
        const text = valueInput.value
        if (mode.value === 'fixed') return { value: text }
        if (!text.trim()) return { value: '' }
        if (mode.value === 'path' && !text.trim().startsWith('$')) {
          return {
            error: `${label}: the path of "${entry.keyText()}" must start with $, for example $.properties.name.`
          }
        }
        return { value: { [mode.value === 'path' ? '@path' : '@template']: text.trim() } }
      }
    }
    remove.addEventListener('click', () => {
      row.remove()
      rows = rows.filter((candidate) => candidate !== entry)
      if (box) ui.comboboxes = ui.comboboxes.filter((candidate) => candidate !== box)
      changed()
      add.focus()
    })
    rows.push(entry)
    table.append(row)
    return box ? box.input : /** @type {HTMLInputElement} */ (keyInput)
  }

  for (const [name, value] of Object.entries(initial)) addRow(name, value)
  add.addEventListener('click', () => {
    const input = addRow('', '')
    changed()
    input.focus()
  })
  ui.editor.append(table, add)
  ui.read = () => {
    /** @type {Record<string, unknown>} */
    const out = {}
    for (const row of rows) {
      const name = row.keyText()
      if (!name) continue
      const result = row.read()
      if (result.error) return { error: result.error }
      out[name] = result.value
    }
    return Object.keys(out).length ? { value: out } : {}
  }
  ui.literal = () => ui.read().value
  ui.focus = () => (table.querySelector('input') ?? add).focus()
  ui.refreshKeys = () => rows.forEach((row) => row.box?.markStale())
}

/** @param {string} key @param {Field} field */
function renderField(key, field) {
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
    error
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
    comboboxes: []
  }
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

/** Puts a mapping into the form (fields it does not name go back to empty). @param {Record<string, unknown>} mapping */
function applyMapping(mapping) {
  for (const ui of state.ui.values()) {
    const value = mapping[ui.key]
    const start = initialMapping(ui.field, value)
    ui.mode = modesFor(ui.field).includes(start.mode) ? start.mode : 'json'
    ui.modeSelect.value = ui.mode
    buildEditor(ui, start.value)
    clearError(ui.error, undefined)
  }
  applyConditions()
  for (const ui of state.ui.values()) ui.comboboxes.forEach((box) => box.markStale())
}

function currentValues() {
  /** @type {Record<string, unknown>} */
  const values = {}
  for (const ui of state.ui.values()) values[ui.key] = ui.literal()
  return values
}

/** Shows, hides and marks fields from their depends_on and required conditions. */
function applyConditions() {
  // Hidden fields do not count: evaluate twice so a field hidden by another hidden field's value settles.
  for (let pass = 0; pass < 2; pass++) {
    const values = currentValues()
    for (const ui of state.ui.values()) if (ui.row.hidden) values[ui.key] = undefined
    for (const ui of state.ui.values()) {
      const visible = isVisible(ui.field, values)
      if (ui.row.hidden === visible) {
        ui.row.hidden = !visible
        // Shown again: load its choices if something they depend on changed meanwhile.
        if (visible) ui.comboboxes.forEach((box) => box.stale && box.markStale())
      }
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
function onFieldChange(key) {
  const ui = state.ui.get(key)
  if (ui)
    clearError(
      ui.error,
      /** @type {HTMLElement | undefined} */ (ui.row.querySelector(`#f-${CSS.escape(key)}`) ?? undefined)
    )
  applyConditions()
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
function renderMapping(fields) {
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
  }
  applyConditions()
  for (const ui of state.ui.values()) ui.comboboxes.forEach((box) => box.markStale())
}

/** @returns {{ mapping?: Record<string, unknown>, invalid: number }} */
function buildMapping() {
  /** @type {Record<string, unknown>} */
  const mapping = {}
  let invalid = 0
  for (const ui of state.ui.values()) {
    clearError(ui.error, undefined)
    if (ui.row.hidden) continue
    const { value, error } = ui.read()
    if (error) {
      invalid++
      showError(ui.error, ui.row.querySelector(`#f-${CSS.escape(ui.key)}`) ?? ui.row, error)
      continue
    }
    if (value !== undefined && !isEmpty(value)) mapping[ui.key] = value
  }
  return invalid ? { invalid } : { mapping, invalid }
}

// ---------------------------------------------------------------------------------------------------------------
// Event

/** @returns {{ event?: Record<string, unknown>, error?: string }} */
function readEvent() {
  const textarea = /** @type {HTMLTextAreaElement} */ (byId('event-json'))
  const text = textarea.value
  const errorLine = byId('event-error')
  /** @param {string} message */
  const fail = (message) => {
    errorLine.textContent = message
    textarea.setAttribute('aria-invalid', 'true')
    return { error: message }
  }
  let value
  try {
    value = JSON.parse(text)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const position = Number(/position (\d+)/.exec(message)?.[1])
    if (Number.isFinite(position)) {
      const before = text.slice(0, position).split('\n')
      return fail(`Invalid JSON at line ${before.length}, column ${before[before.length - 1].length + 1}: ${message}`)
    }
    return fail(`Invalid JSON: ${message}`)
  }
  if (!isObject(value)) return fail('The event must be a JSON object, such as a Segment track or identify call.')
  errorLine.textContent = ''
  textarea.removeAttribute('aria-invalid')
  return { event: value }
}

function setupEvent() {
  const select = /** @type {HTMLSelectElement} */ (byId('sample-select'))
  const textarea = /** @type {HTMLTextAreaElement} */ (byId('event-json'))
  SAMPLES.forEach((sample, index) => select.append(h('option', { value: String(index), text: sample.name })))
  const load = () => {
    textarea.value = JSON.stringify(SAMPLES[Number(select.value)].event, null, 2)
    readEvent()
  }
  select.addEventListener('change', load)
  load()
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer
  textarea.addEventListener('input', () => {
    clearTimeout(timer)
    timer = setTimeout(readEvent, 300)
  })
  byId('format-event').addEventListener('click', () => {
    const { event } = readEvent()
    if (event) textarea.value = JSON.stringify(event, null, 2)
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Sending and showing the result

/**
 * @typedef {{ url: string, method: string, headers: Record<string, string>, body: string | null }} SentRequest
 * @typedef {{ statusCode: number, statusMessage: string, headers: Record<string, string>, body: unknown }} Received
 * @typedef {{ request: SentRequest, response: Received }} Exchange
 * @typedef {{ statusCode: number, message: string, code?: string, fields?: Record<string, string>,
 *   requestError: true, exchanges?: Exchange[] }} ErrorEntry
 * @typedef {{ noRequest: true, message: string, result?: unknown }} NoRequestEntry
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
function renderExchange(exchange) {
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

/** Field keys named in an error: `fields`, `Label (fieldKey)`, `missing the required field 'fieldKey'`. */
/** @param {ErrorEntry} entry @returns {Map<string, string>} */
function fieldErrors(entry) {
  /** @type {Map<string, string>} */
  const found = new Map()
  const known = (/** @type {string} */ key) => state.ui.has(key) || key in state.settingsInputs
  for (const [key, message] of Object.entries(entry.fields ?? {})) if (known(key)) found.set(key, message)
  for (const match of entry.message.matchAll(/\(([A-Za-z_][\w]*)\)/g)) {
    if (known(match[1]) && !found.has(match[1])) found.set(match[1], entry.message)
  }
  // Twilio's fixes name fields by label: "Map 'To Phone Number' to a valid E.164 number".
  for (const [key, field] of Object.entries(state.fields)) {
    if (field.label && entry.message.includes(`'${field.label}'`) && !found.has(key)) found.set(key, entry.message)
  }
  for (const match of entry.message.matchAll(/missing the required field '([^']+)'/g)) {
    if (known(match[1]) && !found.has(match[1])) found.set(match[1], `Required for these choices: ${match[0]}.`)
  }
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

/** @param {string} key */
function focusField(key) {
  const ui = state.ui.get(key)
  if (ui) {
    ui.row.scrollIntoView({ block: 'center' })
    ui.focus()
  } else state.settingsInputs[key]?.focus()
}

/** @param {ErrorEntry} entry */
function renderError(entry) {
  /** @type {HTMLElement[]} */
  const parts = [
    h('p', { class: 'error-title' }, [
      h('span', { class: 'status-pill error', text: String(entry.statusCode) }),
      entry.code ? h('code', { class: 'error-code', text: entry.code }) : '',
      ' ',
      entry.statusCode >= 500 || entry.statusCode === 429 ? 'Retryable error' : 'Error'
    ]),
    h('p', { class: 'error-message', text: entry.message })
  ]
  const named = fieldErrors(entry)
  if (named.size) {
    const list = h('ul', { class: 'error-fields' })
    for (const [key, message] of named) {
      attachFieldError(key, message)
      const label = state.fields[key]?.label ?? state.settingsFields[key]?.label ?? key
      const go = h('button', { type: 'button', class: 'link', text: `${label} (${key})` })
      go.addEventListener('click', () => focusField(key))
      list.append(h('li', {}, [go, `: ${message}`]))
    }
    parts.push(h('p', { class: 'help', text: 'Fields to fix:' }), list)
  }
  const box = h('div', { class: 'error-box' }, parts)
  return [box, ...(entry.exchanges ?? []).map(renderExchange)]
}

async function sendTestEvent() {
  const status = byId('send-status')
  const result = byId('send-result')
  status.className = 'result-line'
  const { event: written } = readEvent()
  const { mapping, invalid } = buildMapping()
  // Duplicate protection answers a repeated messageId without sending: a fresh one makes every click a new event.
  const fresh = /** @type {HTMLInputElement} */ (byId('fresh-message-id')).checked
  const event =
    written && fresh
      ? { ...written, messageId: `tester-${Date.now()}-${Math.random().toString(36).slice(2, 8)}` }
      : written
  if (!event || !mapping) {
    status.classList.add('error')
    status.textContent = !event ? 'Fix the event JSON first.' : `Fix the ${invalid} field(s) marked in the mapping.`
    return
  }
  for (const [key, input] of Object.entries(state.settingsInputs)) clearError(state.settingsErrors[key], input)
  status.textContent = 'Sending…'
  const button = /** @type {HTMLButtonElement} */ (byId('send-event'))
  button.disabled = true
  try {
    const { data, ok } = await api(`/${state.actionSlug}`, { payload: event, settings: currentSettings(), mapping })
    result.replaceChildren()
    if (!ok || !Array.isArray(data)) {
      status.classList.add('error')
      status.textContent = `The dev server refused the request: ${data?.error ?? JSON.stringify(data)}`
      return
    }
    /** @type {Array<Exchange | ErrorEntry | NoRequestEntry>} */
    const items = data
    const errors = items.filter((item) => 'requestError' in item)
    const noRequest = /** @type {NoRequestEntry | undefined} */ (items.find((item) => 'noRequest' in item))
    for (const item of items) {
      if ('requestError' in item) result.append(...renderError(/** @type {ErrorEntry} */ (item)))
      else if ('noRequest' in item) result.append(h('p', { class: 'hint' }, [item.message]))
      else result.append(renderExchange(/** @type {Exchange} */ (item)))
    }
    const last = /** @type {Exchange | undefined} */ (
      [...items].reverse().find((item) => !('requestError' in item) && !('noRequest' in item))
    )
    if (errors.length) {
      const first = /** @type {ErrorEntry} */ (errors[0])
      status.classList.add('error')
      status.textContent = `✗ Not sent: ${first.code ?? `error ${first.statusCode}`}${errors.length > 1 ? ` and ${errors.length - 1} more` : ''}, details below.`
    } else {
      status.classList.add('ok')
      status.textContent = last
        ? `✓ Twilio answered ${last.response.statusCode} ${last.response.statusMessage}.`
        : `✓ ${noRequest?.message ?? 'Done (no request was made).'}`
    }
    if (state.mode === 'emulator') await refreshOutbox()
  } catch (error) {
    status.classList.add('error')
    status.textContent = `The dev server did not answer: ${String(error)}`
  } finally {
    button.disabled = false
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Outbox (emulator only)

/** @param {string} url */
function isLoopback(url) {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname)
  } catch {
    return false
  }
}

const SVG = 'http://www.w3.org/2000/svg'

/** A drawn icon (no emoji font needed): a picture, or a sheet of paper for other files. @param {boolean} picture */
function mediaIcon(picture) {
  const svg = document.createElementNS(SVG, 'svg')
  svg.setAttribute('viewBox', '0 0 24 24')
  svg.setAttribute('class', 'media-icon')
  svg.setAttribute('aria-hidden', 'true')
  const shapes = picture
    ? [
        ['rect', { x: '2.5', y: '4.5', width: '19', height: '15', rx: '2' }],
        ['circle', { cx: '8', cy: '9.5', r: '1.8' }],
        ['path', { d: 'M4 18l5-5 3.5 3.5L15 14l5 4.5' }]
      ]
    : [
        ['path', { d: 'M6 2.5h8l4.5 4.5v14.5h-12.5z' }],
        ['path', { d: 'M14 2.5V7h4.5' }]
      ]
  for (const [tag, attributes] of /** @type {Array<[string, Record<string, string>]>} */ (shapes)) {
    const shape = document.createElementNS(SVG, tag)
    for (const [name, value] of Object.entries(attributes)) shape.setAttribute(name, value)
    svg.append(shape)
  }
  return svg
}

/** A media thumbnail: loopback images are shown; other URLs are not fetched (the page stays offline). */
/** @param {string} url */
function mediaTile(url) {
  let name = url
  try {
    name = decodeURIComponent(new URL(url).pathname.split('/').pop() || url)
  } catch {
    // keep the URL
  }
  const inner = isLoopback(url)
    ? h('img', { src: url, alt: name, loading: 'lazy' })
    : mediaIcon(/\.(png|jpe?g|gif|webp|svg)$/i.test(name))
  return h('a', { class: 'media-tile', href: url, title: url, target: '_blank', rel: 'noopener noreferrer' }, [
    inner,
    h('span', { class: 'media-name', text: name })
  ])
}

/** An object, or a JSON string of one (the emulator keeps Tags as Twilio received them). @param {unknown} value */
function jsonObject(value) {
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value)
    } catch {
      return {}
    }
  }
  return isObject(value) ? value : {}
}

/** @param {Record<string, any>} message */
function renderBubble(message) {
  const extra = message.emulator ?? {}
  const media = Array.isArray(extra.media_urls) ? extra.media_urls : []
  const rawChannel = String(extra.channel ?? 'sms').toLowerCase()
  // Twilio has one SMS channel; a message with media is what people call MMS.
  const channel = rawChannel === 'sms' && media.length ? 'mms' : rawChannel
  const meta = h('p', { class: 'bubble-meta' }, [
    h('span', { class: `chip chip-${channel}`, text: channel.toUpperCase() }),
    ' ',
    h('span', { class: 'mono', text: message.from ?? message.messaging_service_sid ?? '' }),
    ' → ',
    h('span', { class: 'mono', text: message.to ?? '' })
  ])
  const bubble = h('div', { class: `bubble bubble-${channel}` })
  if (extra.content_sid) {
    bubble.append(h('p', { class: 'bubble-template' }, ['Template ', h('code', { text: extra.content_sid })]))
    const variables = Object.entries(jsonObject(extra.content_variables))
    if (variables.length) {
      bubble.append(
        h(
          'dl',
          { class: 'vars' },
          variables.flatMap(([name, value]) => [h('dt', { text: `{{${name}}}` }), h('dd', { text: String(value) })])
        )
      )
    }
  }
  if (message.body) bubble.append(h('p', { class: 'bubble-body', text: message.body }))
  if (media.length)
    bubble.append(
      h(
        'div',
        { class: 'media' },
        media.map((/** @type {unknown} */ url) => mediaTile(String(url)))
      )
    )
  const details = [`${message.status ?? ''}`, message.date_created ? `created ${message.date_created}` : '']
  if (extra.send_at) details.push(`scheduled for ${extra.send_at}`)
  if (extra.validity_period) details.push(`valid ${extra.validity_period} s`)
  if (extra.segments) details.push(`${extra.segments} segment${extra.segments === 1 ? '' : 's'}`)
  const foot = h('p', { class: 'bubble-foot', text: details.filter(Boolean).join(' · ') })
  const tags = Object.entries(jsonObject(extra.tags))
  const tagLine = tags.length
    ? h(
        'p',
        { class: 'tags' },
        tags.map(([name, value]) => h('span', { class: 'chip', text: `${name}: ${value}` }))
      )
    : ''
  const sid = h('p', { class: 'bubble-sid mono', text: message.sid ?? '' })
  return h('li', { class: 'outbox-item' }, [meta, bubble, foot, tagLine, sid])
}

async function refreshOutbox() {
  const list = byId('outbox')
  const { data, ok } = await api('/tester/outbox?limit=20')
  if (!ok) {
    list.replaceChildren(h('li', { class: 'field-error', text: data?.error ?? 'The outbox could not be read.' }))
    return
  }
  const messages = Array.isArray(data?.messages) ? data.messages : []
  list.replaceChildren(
    ...(messages.length
      ? messages.map(renderBubble)
      : [h('li', { class: 'help', text: 'No messages yet: send a test event.' })])
  )
}

// ---------------------------------------------------------------------------------------------------------------
// Start

async function main() {
  const [config, manifest] = await Promise.all([api('/tester/config'), api('/manifest')])
  const mode = config.data?.mode === 'emulator' ? 'emulator' : 'live'
  state.mode = mode
  const badge = byId('mode-badge')
  badge.textContent = config.data?.note ?? (mode === 'emulator' ? 'Offline emulator' : 'Live Twilio')
  badge.classList.add(mode)

  const definition = manifest.data ?? {}
  const settingsFields = definition.authentication?.fields ?? {}
  state.settingsFields = settingsFields
  const prefill = { ...(config.data?.demoSettings ?? {}) }
  if (typeof config.data?.demoSecret === 'string') {
    const secretKey = Object.keys(settingsFields).find((key) => settingsFields[key].type === 'password')
    if (secretKey) prefill[secretKey] = config.data.demoSecret
  }
  renderSettings(settingsFields, prefill)

  const actions = definition.actions ?? {}
  state.actionSlug = 'sendMessage' in actions ? 'sendMessage' : (Object.keys(actions)[0] ?? '')
  const action = actions[state.actionSlug] ?? { fields: {} }
  byId('mapping-title').textContent = `Mapping: ${action.title ?? state.actionSlug}`
  byId('action-description').textContent = action.description ?? ''
  renderMapping(action.fields ?? {})

  const sample = config.data?.sampleMapping
  if (isObject(sample)) {
    byId('sample-mapping-row').hidden = false
    byId('use-sample-mapping').addEventListener('click', () => applyMapping(sample))
  }

  setupEvent()
  byId('settings-form').addEventListener('submit', (event) => {
    event.preventDefault()
    void testConnection()
  })
  byId('send-event').addEventListener('click', () => void sendTestEvent())
  if (mode === 'emulator') {
    byId('outbox-panel').hidden = false
    byId('refresh-outbox').addEventListener('click', () => void refreshOutbox())
    await refreshOutbox()
  }
  document.body.dataset.ready = 'true'
}

main().catch((error) => {
  const badge = byId('mode-badge')
  badge.classList.add('live')
  badge.textContent = `The page could not start: ${error instanceof Error ? error.message : String(error)}`
})
