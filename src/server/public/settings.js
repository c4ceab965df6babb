// @ts-check
// The Settings panel: the destination's authentication fields and "Test connection".
import { api, byId, clearError, h, isObject, richText, showError } from './dom.js'
import { explainFieldError } from './explain.js'
import { state } from './state.js'

/** @typedef {import('./state.js').Field} Field */

/** @param {Record<string, Field>} fields @param {Record<string, string>} prefill */
export function renderSettings(fields, prefill) {
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
    // The error goes as soon as the value is edited: while the user types, not when the field loses the focus (on
    // the mouse down of a click on Test connection, the button would move before the mouse up and the click be lost).
    input.addEventListener('input', () => {
      clearError(state.settingsErrors[key], input)
      connectionUntested()
    })
    input.addEventListener('change', () => {
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

export function currentSettings() {
  /** @type {Record<string, string>} */
  const settings = {}
  for (const [key, input] of Object.entries(state.settingsInputs)) {
    if (input.value !== '') settings[key] = input.value.trim()
  }
  return settings
}

/** The settings changed since the last Test connection: its result no longer says anything about them. */
function connectionUntested() {
  const result = byId('auth-result')
  if (!result.textContent) return
  result.className = 'result-line'
  result.textContent = 'Settings changed: Test connection again to check them.'
}

export async function testConnection() {
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
    const fields = Object.entries(isObject(data?.fields) ? data.fields : {}).filter(
      ([key]) => state.settingsInputs[key]
    )
    // A setting of the wrong shape is refused before Twilio is asked: its message goes next to it (said once, in
    // words), and the result line says which setting to fix.
    for (const [key, message] of fields) {
      showError(state.settingsErrors[key], state.settingsInputs[key], explainFieldError(key, String(message)))
    }
    const labels = fields.map(([key]) => state.settingsFields[key]?.label ?? key)
    result.textContent = labels.length
      ? `✗ Not tested: fix ${labels.join(', ')}.`
      : `✗ ${data?.error ?? 'The connection test failed.'}`
  } catch (error) {
    result.classList.add('error')
    result.textContent = `✗ The dev server did not answer: ${String(error)}`
  }
}
