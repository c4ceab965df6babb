// @ts-check
// The Event panel: the sample picker and the event JSON editor.
import { byId, h, isObject } from './dom.js'
import { SAMPLES } from './samples.js'

/** @returns {{ event?: Record<string, unknown>, error?: string }} */
export function readEvent() {
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

export function setupEvent() {
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
