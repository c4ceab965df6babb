// @ts-check
// Under each field mapped from the event: what it gives with the event in the Event panel, or, flagged before
// sending, the path that finds nothing and the `{{…}}` of a @template that the event lacks.
import { clearedNote } from './cleared.js'
import { isEmpty } from './conditions.js'
import { h, isObject } from './dom.js'
import { MISSING, evaluate, shown } from './event-values.js'
import { shortPath } from './readable.js'
import { state } from './state.js'

/** @param {unknown} value */
function hasDirective(value) {
  return JSON.stringify(value ?? null).includes('"@')
}

/** @param {unknown} mapping @param {string} ref */
function isPathRef(mapping, ref) {
  return JSON.stringify(mapping ?? null).includes(JSON.stringify({ '@path': ref }).slice(1, -1))
}

/** @param {unknown} event The event, or undefined while its JSON does not parse. */
export function checkAgainstEvent(event) {
  for (const ui of state.ui.values()) {
    const line = ui.row.querySelector('.resolved')
    if (!line) continue
    line.classList.remove('warn')
    const read = ui.row.hidden ? { value: undefined, error: undefined } : ui.read()
    if (!ui.row.hidden && !read.error && isEmpty(read.value) && ui.field.default !== undefined) {
      line.classList.add('warn')
      line.replaceChildren(...clearedNote(ui))
      continue
    }
    const { value, error } = event ? read : { value: undefined, error: undefined }
    if (error || value === undefined || !hasDirective(value)) {
      line.replaceChildren()
      continue
    }
    const result = evaluate(value, event)
    if (result.missing.length) {
      line.classList.add('warn')
      line.replaceChildren(
        ...result.missing.map((ref) =>
          h('span', {
            class: 'missing',
            text: isPathRef(value, ref)
              ? `The path ${shortPath(ref)} finds nothing in this event.`
              : `{{${ref}}} is not in this event: it becomes empty.`
          })
        )
      )
      continue
    }
    const given = isObject(result.value) ? JSON.stringify(result.value) : shown(result.value)
    line.replaceChildren('With this event: ', h('strong', { text: result.value === MISSING ? 'nothing' : given }))
  }
}

/** Whether a field's path mapping finds nothing in the event (for the error next to it). @param {string} key @param {unknown} event */
export function pathFindsNothing(key, event) {
  const ui = state.ui.get(key)
  if (!ui || !event) return undefined
  const { value } = ui.read()
  if (value === undefined || !hasDirective(value)) return undefined
  const result = evaluate(value, event)
  return result.value === MISSING || result.value === undefined || result.value === ''
    ? result.missing.map(shortPath)
    : undefined
}
