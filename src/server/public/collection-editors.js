// @ts-check
// Editors of fixed values that hold several entries: a list (multiple: true) and key-value pairs (objects).
import { Combobox } from './combobox.js'
import { h } from './dom.js'
import { choiceLoader, initialMapping } from './field-editors.js'
import { onFieldChange } from './mapping.js'

/**
 * @typedef {import('./state.js').FieldUi} FieldUi
 * @typedef {import('./state.js').MappingValue} MappingValue
 */

/** @param {FieldUi} ui @param {string[]} initial */
export function buildListEditor(ui, initial) {
  const { key, field } = ui
  const list = h('ol', { class: 'list-editor', id: `f-${key}`, tabindex: '-1', 'aria-label': field.label ?? key })
  list.setAttribute('aria-describedby', `d-${key} e-${key}`)
  const add = h('button', { type: 'button', class: 'secondary small', text: `Add ${field.label ?? key} value` })
  /** @param {string} text */
  const addRow = (text) => {
    const index = list.children.length + 1
    const input = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', class: 'mono' })
    input.setAttribute('aria-label', `${field.label ?? key} ${index}`)
    if (/url/i.test(key)) input.placeholder = 'https://example.com/receipt.png'
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
export function buildKeyValueEditor(ui, initial) {
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
      box = new Combobox({
        id: `f-${key}-k${n}`,
        label: keyLabel,
        loader: keyLoader,
        onInput: changed,
        placeholder: 'Key'
      })
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
    const valueInput = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', class: 'mono kv-value' })
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
            error: `The path of "${entry.keyText()}" must start with $, for example $.properties.name.`
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
