// @ts-check
// "Send test event": the event and the mapping through POST /<action>, the outcome in the Test panel.
import { api, byId, clearError, h } from './dom.js'
import { readEvent } from './event-panel.js'
import { buildMapping } from './mapping.js'
import { refreshOutbox } from './outbox.js'
import { leftOutSummary } from './left-out.js'
import { fieldLabel, focusField, renderError, renderExchange } from './results.js'
import { currentSettings } from './settings.js'
import { currentFeatures } from './feature-flags.js'
import { state } from './state.js'

/**
 * @typedef {import('./results.js').Exchange} Exchange
 * @typedef {import('./results.js').ErrorEntry} ErrorEntry
 * @typedef {import('./results.js').NoRequestEntry} NoRequestEntry
 * @typedef {import('./results.js').NoteEntry} NoteEntry
 */

/** True while a send is under way: the button stays focusable (a disabled button would drop focus to the body). */
let sending = false

/** @param {HTMLElement} status @param {'ok' | 'error'} kind @param {string} text */
function say(status, kind, text) {
  status.className = `result-line ${kind}`
  status.textContent = text
}

export async function sendTestEvent() {
  if (sending) return
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
  if (!event) {
    say(status, 'error', '✗ Not sent: fix the event JSON.')
    byId('event-json').scrollIntoView({ block: 'center' })
    byId('event-json').focus()
    return
  }
  if (!mapping) {
    say(status, 'error', `✗ Not sent: fix ${invalid.map(fieldLabel).join(', ')} (marked in the mapping).`)
    focusField(invalid[0])
    return
  }
  for (const [key, input] of Object.entries(state.settingsInputs)) clearError(state.settingsErrors[key], input)
  status.textContent = 'Sending…'
  const button = byId('send-event')
  sending = true
  button.setAttribute('aria-disabled', 'true')
  try {
    const { data, ok } = await api(`/${state.actionSlug}`, {
      payload: event,
      settings: currentSettings(),
      mapping,
      features: currentFeatures()
    })
    result.replaceChildren()
    if (!ok || !Array.isArray(data)) {
      say(status, 'error', `The dev server refused the request: ${data?.error ?? JSON.stringify(data)}`)
      return
    }
    /** @type {Array<Exchange | ErrorEntry | NoRequestEntry | NoteEntry>} */
    const items = data
    /** @type {string[]} */
    const toFix = []
    let errors = 0
    // What quiet hours did (sent at once, or scheduled for when) comes first: it is the answer to "when".
    const notes = /** @type {NoteEntry[]} */ (items.filter((item) => 'note' in item))
    for (const note of notes) result.append(h('p', { class: 'hint outcome-note' }, [note.message]))
    for (const item of items) {
      if ('note' in item) continue
      if ('requestError' in item) {
        errors++
        const rendered = renderError(/** @type {ErrorEntry} */ (item))
        result.append(...rendered.nodes)
        for (const key of rendered.fields) if (!toFix.includes(key)) toFix.push(key)
      } else if ('noRequest' in item) result.append(h('p', { class: 'hint' }, [item.message]))
      else result.append(renderExchange(/** @type {Exchange} */ (item)))
    }
    const last = /** @type {Exchange | undefined} */ (
      [...items].reverse().find((item) => !('requestError' in item) && !('noRequest' in item) && !('note' in item))
    )
    const noRequest = /** @type {NoRequestEntry | undefined} */ (items.find((item) => 'noRequest' in item))
    if (toFix.length) {
      // The fields' own messages say what is wrong; the status line only says where.
      say(status, 'error', `✗ Not sent: fix ${toFix.map(fieldLabel).join(', ')}.`)
      focusField(toFix[0])
    } else if (errors) {
      const entry = /** @type {ErrorEntry} */ (items.find((item) => 'requestError' in item))
      say(
        status,
        'error',
        `✗ Not sent: ${entry.code ?? `error ${entry.statusCode}`}${errors > 1 ? ` and ${errors - 1} more` : ''}, details in Test.`
      )
      result.scrollIntoView({ block: 'nearest' })
    } else {
      const leftOut = leftOutSummary()
      say(
        status,
        'ok',
        (last
          ? `✓ Twilio answered ${last.response.statusCode} ${last.response.statusMessage}.`
          : `✓ ${noRequest?.message ?? 'Done (no request was made).'}`) +
          (notes.length === 1 ? ` ${notes[0].message}` : '') +
          (leftOut.length ? ` Left out: ${leftOut.join(', ')}.` : '')
      )
    }
    if (state.mode === 'emulator') await refreshOutbox()
  } catch (error) {
    say(status, 'error', `The dev server did not answer: ${String(error)}`)
  } finally {
    sending = false
    button.removeAttribute('aria-disabled')
  }
}
