// @ts-check
// The elements of a combobox (combobox.js): the input and its toggle, the popup with its note and listbox, the
// status line under the input, and one option row.

/** @typedef {{ label: string, value: string, description?: string }} Choice */

/**
 * @param {string} uid
 * @param {{ id: string, label: string, describedBy?: string, placeholder?: string }} options `label`: the field's,
 *   for the names of the button and the list
 */
export function comboParts(uid, options) {
  const root = document.createElement('div')
  root.className = 'combo'

  const input = document.createElement('input')
  input.type = 'text'
  input.id = options.id
  input.autocomplete = 'off'
  input.spellcheck = false
  input.setAttribute('role', 'combobox')
  input.setAttribute('aria-autocomplete', 'list')
  input.setAttribute('aria-expanded', 'false')
  input.setAttribute('aria-controls', `${uid}-list`)
  if (options.placeholder) input.placeholder = options.placeholder

  const toggle = document.createElement('button')
  toggle.type = 'button'
  toggle.className = 'combo-toggle'
  toggle.tabIndex = -1
  toggle.setAttribute('aria-label', `Show choices for ${options.label}`)
  toggle.textContent = '▾'

  const popup = document.createElement('div')
  popup.className = 'combo-popup'
  popup.hidden = true
  const notice = document.createElement('p')
  notice.className = 'combo-notice'
  notice.id = `${uid}-notice`
  const list = document.createElement('ul')
  list.id = `${uid}-list`
  list.className = 'combo-list'
  list.setAttribute('role', 'listbox')
  list.setAttribute('aria-label', `${options.label} choices`)
  list.setAttribute('aria-describedby', notice.id)
  list.tabIndex = -1
  popup.append(notice, list)

  const status = document.createElement('p')
  status.id = `${uid}-status`
  status.className = 'combo-status'
  input.setAttribute('aria-describedby', [options.describedBy, status.id].filter(Boolean).join(' '))
  // "11 of 5,006 match", announced while the user filters (the visible note is inside the popup).
  const live = document.createElement('p')
  live.className = 'sr-only'
  live.setAttribute('role', 'status')

  const line = document.createElement('div')
  line.className = 'combo-line'
  line.append(input, toggle)
  const foot = document.createElement('div')
  foot.className = 'combo-foot'
  foot.append(status)
  root.append(line, popup, foot, live)
  return { root, input, toggle, popup, notice, list, status, live }
}

/**
 * One row of the listbox: a choice, or (without one) the "Load more" row, which is an option too so that the
 * keyboard reaches it like the choices (ArrowDown to it, Enter).
 * @param {string} id @param {Choice | undefined} choice @param {boolean} selected @param {number} index
 * @param {number} count
 */
export function optionRow(id, choice, selected, index, count) {
  const option = document.createElement('li')
  option.id = id
  option.setAttribute('role', 'option')
  option.setAttribute('aria-selected', String(selected))
  option.setAttribute('aria-setsize', String(count))
  option.setAttribute('aria-posinset', String(index + 1))
  if (!choice) {
    option.className = 'combo-more'
    option.setAttribute('aria-label', 'Load more choices')
    option.textContent = 'Load more…'
    return option
  }
  option.setAttribute('aria-label', choice.label)
  const label = document.createElement('span')
  label.className = 'opt-label'
  label.textContent = choice.label
  option.append(label)
  if (choice.description) {
    // Read with the choice: a number's capabilities, a template's WhatsApp approval.
    const description = document.createElement('span')
    description.className = 'opt-desc'
    description.id = `${id}-desc`
    description.textContent = choice.description
    option.setAttribute('aria-describedby', description.id)
    option.append(description)
  }
  return option
}

/**
 * The words around a list: the status line under the input (how many choices, or what the picked one is), the
 * note inside the popup and the count announced while filtering.
 * @param {{ choices: Choice[], shown: Choice[], nextPage?: string, error: string, loading: boolean,
 *   input: HTMLInputElement }} box
 * @param {string} wanted the filter, trimmed and lower-cased
 */
export function comboTexts(box, wanted) {
  const total = box.choices.length
  const count = `${box.shown.length.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} match`
  const current = box.choices.find((choice) => choice.value === box.input.value.trim())
  const picked = current?.description ? `Picked: ${current.label} · ${current.description.replace(/\.$/, '')}. ` : ''
  const status = box.loading
    ? 'Loading choices…'
    : box.error
      ? box.error
      : total
        ? `${picked}${total.toLocaleString('en-US')} choice${total === 1 ? '' : 's'}${box.nextPage ? ' so far' : ''}; or type a value.`
        : ''
  const filtering = Boolean(wanted && total)
  return { status, notice: box.error ? box.error : filtering ? count : '', count: filtering && !box.error ? count : '' }
}

/**
 * The active row after a move key: Home/End to the ends, PageUp/PageDown by `page` rows, arrows wrapping around.
 * @param {string} key @param {number} active @param {number} count @param {number} page
 */
export function movedIndex(key, active, count, page) {
  if (key === 'Home') return 0
  if (key === 'End') return count - 1
  if (key === 'PageDown') return Math.min(count - 1, Math.max(0, active) + page)
  if (key === 'PageUp') return Math.max(0, active - page)
  const step = key === 'ArrowDown' ? 1 : -1
  return (active + step + count) % count
}
