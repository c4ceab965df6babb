// @ts-check
// The Event panel: the sample picker and the event JSON editor.
import { byId, h, isObject } from './dom.js'
import { checkAgainstEvent } from './event-check.js'
import { renderEventKeys } from './event-keys.js'
import { scheduleSave } from './mapping-file.js'
import { SAMPLES } from './samples.js'
import { state } from './state.js'
import { schedulePreview } from './template-preview.js'

/** @returns {{ event?: Record<string, unknown>, error?: string }} */
export function readEvent() {
  const textarea = /** @type {HTMLTextAreaElement} */ (byId('event-json'))
  const text = textarea.value
  const errorLine = byId('event-error')
  /** @param {string} message */
  const fail = (message) => {
    state.event = undefined
    checkAgainstEvent(undefined)
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
  state.event = value
  checkAgainstEvent(value)
  renderEventKeys(value)
  schedulePreview()
  return { event: value }
}

/** @param {string} [savedText] the event of the last visit, shown instead of the first sample */
export function setupEvent(savedText) {
  const select = /** @type {HTMLSelectElement} */ (byId('sample-select'))
  const textarea = /** @type {HTMLTextAreaElement} */ (byId('event-json'))
  SAMPLES.forEach((sample, index) => select.append(h('option', { value: String(index), text: sample.name })))
  const load = () => {
    textarea.value = JSON.stringify(SAMPLES[Number(select.value)].event, null, 2)
    readEvent()
  }
  select.addEventListener('change', () => {
    load()
    scheduleSave()
  })
  if (savedText) {
    textarea.value = savedText
    readEvent()
  } else load()
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer
  textarea.addEventListener('input', () => {
    clearTimeout(timer)
    timer = setTimeout(readEvent, 300)
    scheduleSave()
  })
  byId('format-event').addEventListener('click', () => {
    const { event } = readEvent()
    if (event) textarea.value = JSON.stringify(event, null, 2)
  })
}
