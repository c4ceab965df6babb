// @ts-check
// An editable combobox (ARIA 1.2 pattern): a text input that accepts any value, with a listbox of choices from a
// dynamic-field route. ArrowDown/ArrowUp move through the choices, Home/End to the first/last, PageUp/PageDown by a
// screen, Enter picks, Escape closes, typing filters. Choices are loaded when the box is stale and visible or
// opened; "Load more" follows `nextPage`. Only the rows in view are in the DOM (virtual-list.js), and the list's
// note ("the first 20,000 are listed") sits above it inside the popup, so it is visible while the list is open.
import { comboParts, comboTexts, movedIndex, optionRow } from './combo-parts.js'
import { VirtualList } from './virtual-list.js'

/**
 * @typedef {import('./combo-parts.js').Choice} Choice
 * @typedef {{ choices?: Choice[], nextPage?: string, error?: { code?: string, message?: string } }} ChoicePage
 * @typedef {(page: string | undefined) => Promise<ChoicePage>} ChoiceLoader
 */

let counter = 0

export class Combobox {
  /**
   * @param {{ id: string, label: string, loader: ChoiceLoader, onInput: () => void, describedBy?: string,
   *   placeholder?: string, onLoaded?: (box: Combobox) => void }} options
   */
  constructor(options) {
    this.loader = options.loader
    this.onInput = options.onInput
    this.onLoaded = options.onLoaded
    /** @type {Choice[]} */
    this.choices = []
    /** @type {string | undefined} */
    this.nextPage = undefined
    /** @type {string} */
    this.error = ''
    this.stale = true
    this.refreshQueued = false
    this.loading = false
    this.sequence = 0
    this.active = -1
    this.filter = ''
    /** @type {Choice[]} */
    this.shown = []
    /** Lower-cased `label value` of each choice, built once per load so that filtering is one pass of includes(). */
    /** @type {string[]} */
    this.haystack = []

    const parts = comboParts(`cb${++counter}`, options)
    this.root = parts.root
    this.input = parts.input
    this.toggle = parts.toggle
    this.popup = parts.popup
    this.notice = parts.notice
    this.list = parts.list
    this.status = parts.status
    this.live = parts.live
    this.virtual = new VirtualList(this.list, (index) => this.renderRow(index))

    this.input.addEventListener('input', () => {
      this.filter = this.input.value
      this.open()
      this.onInput()
    })
    this.input.addEventListener('keydown', (event) => this.onKey(event))
    this.input.addEventListener('click', () => (this.isOpen() ? this.close() : this.open()))
    this.input.addEventListener('blur', () => {
      // A click in the list keeps the focus (mousedown is prevented); anything else closes.
      setTimeout(() => {
        if (!this.root.contains(document.activeElement)) this.close()
      }, 0)
    })
    this.toggle.addEventListener('mousedown', (event) => event.preventDefault())
    this.toggle.addEventListener('click', () => {
      this.input.focus()
      if (this.isOpen()) this.close()
      else {
        this.filter = ''
        this.open()
      }
    })
    this.popup.addEventListener('mousedown', (event) => event.preventDefault())
  }

  get value() {
    return this.input.value
  }

  set value(text) {
    this.input.value = text
  }

  isOpen() {
    return this.input.getAttribute('aria-expanded') === 'true'
  }

  isDisplayed() {
    return this.root.isConnected && this.root.offsetParent !== null
  }

  /**
   * The field(s) it depends on changed: reload if on screen, else when opened. Marks made in one go (the form
   * drawn, then the saved mapping put in) make one request, once the form has settled.
   */
  markStale() {
    this.stale = true
    if (this.refreshQueued) return
    this.refreshQueued = true
    window.queueMicrotask(() => {
      this.refreshQueued = false
      if (this.stale && this.isDisplayed()) void this.refresh()
    })
  }

  async refresh() {
    const sequence = ++this.sequence
    this.stale = false
    this.loading = true
    this.render()
    let page
    try {
      page = await this.loader(undefined)
    } catch (error) {
      page = { choices: [], error: { message: `Could not load the choices: ${String(error)}` } }
    }
    if (sequence !== this.sequence) return
    this.loading = false
    this.setChoices(page.choices ?? [])
    this.nextPage = page.nextPage || undefined
    this.error = page.error?.message ?? ''
    this.render(true)
    this.onLoaded?.(this)
  }

  /** @param {Choice[]} choices */
  setChoices(choices) {
    this.choices = choices
    this.haystack = choices.map((choice) => `${choice.label}\u0000${choice.value}`.toLowerCase())
  }

  async loadMore() {
    if (!this.nextPage) return
    const sequence = ++this.sequence
    this.loading = true
    this.render()
    let page
    try {
      page = await this.loader(this.nextPage)
    } catch (error) {
      page = { choices: [], error: { message: `Could not load more choices: ${String(error)}` } }
    }
    if (sequence !== this.sequence) return
    this.loading = false
    this.setChoices([...this.choices, ...(page.choices ?? [])])
    this.nextPage = page.nextPage || undefined
    this.error = page.error?.message ?? ''
    this.open()
    this.input.focus()
    this.onLoaded?.(this)
  }

  open() {
    const wasOpen = this.isOpen()
    this.input.setAttribute('aria-expanded', 'true')
    this.popup.hidden = false
    if (this.stale) void this.refresh()
    else this.render(!wasOpen)
  }

  close() {
    this.input.setAttribute('aria-expanded', 'false')
    this.input.removeAttribute('aria-activedescendant')
    this.popup.hidden = true
    this.active = -1
    this.filter = ''
  }

  /** @param {Choice} choice */
  pick(choice) {
    this.input.value = choice.value
    this.close()
    this.render()
    this.onInput()
  }

  /** @param {KeyboardEvent} event */
  onKey(event) {
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
      case 'PageDown':
      case 'PageUp':
      case 'Home':
      case 'End': {
        // Home and End move the caret while the list is closed, as in any text box.
        if (!this.isOpen() && (event.key === 'Home' || event.key === 'End')) return
        event.preventDefault()
        if (!this.isOpen()) {
          this.filter = ''
          this.open()
        }
        const count = this.entryCount()
        if (count === 0) return
        this.active = movedIndex(event.key, this.active, count, this.virtual.pageSize())
        this.highlight()
        return
      }
      case 'Enter':
        if (this.isOpen() && this.active >= 0 && this.active < this.entryCount()) {
          event.preventDefault()
          if (this.shown[this.active]) this.pick(this.shown[this.active])
          else void this.loadMore()
        }
        return
      case 'Escape':
        if (this.isOpen()) {
          event.preventDefault()
          this.close()
        }
        return
      case 'Tab':
        this.close()
        return
      default:
    }
  }

  /** The choices shown, plus the "Load more" row when there is a next page. */
  entryCount() {
    return this.shown.length + (this.nextPage && !this.loading ? 1 : 0)
  }

  highlight() {
    this.virtual.reveal(this.active)
    this.markActive()
  }

  /** aria-selected on the active row (if drawn) and aria-activedescendant on the input. */
  markActive() {
    const activeId = this.active >= 0 ? this.rowId(this.active) : ''
    this.list.querySelectorAll('[role="option"]').forEach((option) => {
      option.setAttribute('aria-selected', String(option.id === activeId))
    })
    if (activeId && document.getElementById(activeId)) this.input.setAttribute('aria-activedescendant', activeId)
    else this.input.removeAttribute('aria-activedescendant')
  }

  /** @param {number} index */
  rowId(index) {
    return index < this.shown.length ? `${this.list.id}-${index}` : `${this.list.id}-more`
  }

  /** Row `index` of the list: a choice, or the "Load more" row after the last. @param {number} index */
  renderRow(index) {
    const choice = this.shown[index]
    const option = optionRow(this.rowId(index), choice, index === this.active, index, this.entryCount())
    option.addEventListener('click', () => (choice ? this.pick(choice) : void this.loadMore()))
    return option
  }

  /** Filters and draws the list. @param {boolean} [toTop] start from the first row (a new filter or load) */
  render(toTop = false) {
    const wanted = this.filter.trim().toLowerCase()
    const before = this.shown
    if (wanted) {
      /** @type {Choice[]} */
      const shown = []
      for (let index = 0; index < this.choices.length; index++) {
        if (this.haystack[index].includes(wanted)) shown.push(this.choices[index])
      }
      this.shown = shown
    } else this.shown = this.choices
    const count = this.entryCount()
    this.active = Math.min(this.active, count - 1)
    if (this.isOpen()) {
      this.virtual.reset(count, toTop || before !== this.shown)
      if (count === 0) {
        const empty = document.createElement('li')
        empty.className = 'combo-empty'
        empty.textContent = this.loading
          ? 'Loading…'
          : this.choices.length
            ? 'No choice matches: the typed value is used as is.'
            : 'No choices: type a value.'
        this.list.append(empty)
      }
      this.markActive()
    }
    const text = comboTexts(this, wanted)
    this.status.classList.toggle('error', Boolean(this.error))
    this.status.textContent = text.status
    // The same note inside the popup: the status line under the input is covered while the list is open.
    this.notice.hidden = !text.notice
    this.notice.classList.toggle('error', Boolean(this.error))
    this.notice.textContent = text.notice
    if (this.live.textContent !== text.count) this.live.textContent = text.count
  }
}
