// @ts-check
// "Send test event": the event and the mapping through POST /<action>, the outcome in the Test panel.
import { api, byId, clearError, h } from './dom.js'
import { readEvent } from './event-panel.js'
import { buildMapping } from './mapping.js'
import { refreshOutbox } from './outbox.js'
import { renderError, renderExchange } from './results.js'
import { currentSettings } from './settings.js'
import { state } from './state.js'

/**
 * @typedef {import('./results.js').Exchange} Exchange
 * @typedef {import('./results.js').ErrorEntry} ErrorEntry
 * @typedef {import('./results.js').NoRequestEntry} NoRequestEntry
 */

export async function sendTestEvent() {
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
