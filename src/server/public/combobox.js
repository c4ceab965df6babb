// @ts-check
// An editable combobox (ARIA 1.2 pattern): a text input that accepts any value, with a listbox of choices from a
// dynamic-field route. ArrowDown/ArrowUp move through the choices, Enter picks, Escape closes, typing filters.
// Choices are loaded when the box is stale and visible or opened; "Load more" follows `nextPage`.

/**
 * @typedef {{ label: string, value: string, description?: string }} Choice
 * @typedef {{ choices?: Choice[], nextPage?: string, error?: { code?: string, message?: string } }} ChoicePage
 * @typedef {(page: string | undefined) => Promise<ChoicePage>} ChoiceLoader
 */

let counter = 0

export class Combobox {
  /**
   * @param {{ id: string, loader: ChoiceLoader, onInput: () => void, describedBy?: string, placeholder?: string }} options
   */
  constructor(options) {
    this.loader = options.loader
    this.onInput = options.onInput
    /** @type {Choice[]} */
    this.choices = []
    /** @type {string | undefined} */
    this.nextPage = undefined
    /** @type {string} */
    this.error = ''
    this.stale = true
    this.loading = false
    this.sequence = 0
    this.active = -1
    this.filter = ''
    /** @type {Choice[]} */
    this.shown = []

    const uid = `cb${++counter}`
    this.root = document.createElement('div')
    this.root.className = 'combo'

    this.input = document.createElement('input')
    this.input.type = 'text'
    this.input.id = options.id
    this.input.autocomplete = 'off'
    this.input.spellcheck = false
    this.input.setAttribute('role', 'combobox')
    this.input.setAttribute('aria-autocomplete', 'list')
    this.input.setAttribute('aria-expanded', 'false')
    this.input.setAttribute('aria-controls', `${uid}-list`)
    if (options.placeholder) this.input.placeholder = options.placeholder

    this.toggle = document.createElement('button')
    this.toggle.type = 'button'
    this.toggle.className = 'combo-toggle'
    this.toggle.tabIndex = -1
    this.toggle.setAttribute('aria-label', 'Show choices')
    this.toggle.textContent = '▾'

    this.list = document.createElement('ul')
    this.list.id = `${uid}-list`
    this.list.className = 'combo-list'
    this.list.setAttribute('role', 'listbox')
    this.list.hidden = true

    this.status = document.createElement('p')
    this.status.id = `${uid}-status`
    this.status.className = 'combo-status'

    const describedBy = [options.describedBy, this.status.id].filter(Boolean).join(' ')
    this.input.setAttribute('aria-describedby', describedBy)

    const line = document.createElement('div')
    line.className = 'combo-line'
    line.append(this.input, this.toggle)
    const foot = document.createElement('div')
    foot.className = 'combo-foot'
    foot.append(this.status)
    this.root.append(line, this.list, foot)

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
    this.list.addEventListener('mousedown', (event) => event.preventDefault())
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

  /** The field(s) it depends on changed: reload now if on screen, else when opened. */
  markStale() {
    this.stale = true
    if (this.isDisplayed()) void this.refresh()
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
    this.choices = page.choices ?? []
    this.nextPage = page.nextPage || undefined
    this.error = page.error?.message ?? ''
    this.render()
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
    this.choices = [...this.choices, ...(page.choices ?? [])]
    this.nextPage = page.nextPage || undefined
    this.error = page.error?.message ?? ''
    this.open()
    this.input.focus()
  }

  open() {
    this.input.setAttribute('aria-expanded', 'true')
    this.list.hidden = false
    if (this.stale) void this.refresh()
    else this.render()
  }

  close() {
    this.input.setAttribute('aria-expanded', 'false')
    this.input.removeAttribute('aria-activedescendant')
    this.list.hidden = true
    this.active = -1
    this.filter = ''
  }

  /** @param {Choice} choice */
  pick(choice) {
    this.input.value = choice.value
    this.close()
    this.onInput()
  }

  /** @param {KeyboardEvent} event */
  onKey(event) {
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        event.preventDefault()
        if (!this.isOpen()) {
          this.filter = ''
          this.open()
        }
        const count = this.entryCount()
        if (count === 0) return
        const step = event.key === 'ArrowDown' ? 1 : -1
        this.active = (this.active + step + count) % count
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
    const options = this.list.querySelectorAll('[role="option"]')
    options.forEach((option, index) => option.setAttribute('aria-selected', String(index === this.active)))
    const current = options[this.active]
    if (current) {
      this.input.setAttribute('aria-activedescendant', current.id)
      current.scrollIntoView({ block: 'nearest' })
    }
  }

  render() {
    const wanted = this.filter.trim().toLowerCase()
    this.shown = wanted
      ? this.choices.filter(
          (choice) => choice.label.toLowerCase().includes(wanted) || choice.value.toLowerCase().includes(wanted)
        )
      : this.choices
    this.list.replaceChildren()
    this.shown.forEach((choice, index) => {
      const option = document.createElement('li')
      option.id = `${this.list.id}-${index}`
      option.setAttribute('role', 'option')
      option.setAttribute('aria-label', choice.label)
      option.setAttribute('aria-selected', 'false')
      const label = document.createElement('span')
      label.className = 'opt-label'
      label.textContent = choice.label
      option.append(label)
      if (choice.description) {
        const description = document.createElement('span')
        description.className = 'opt-desc'
        description.textContent = choice.description
        option.append(description)
      }
      option.addEventListener('click', () => this.pick(choice))
      this.list.append(option)
    })
    if (this.nextPage && !this.loading) {
      // An option, so that the keyboard reaches it like the choices (ArrowDown to it, Enter).
      const more = document.createElement('li')
      more.id = `${this.list.id}-more`
      more.className = 'combo-more'
      more.setAttribute('role', 'option')
      more.setAttribute('aria-label', 'Load more choices')
      more.setAttribute('aria-selected', 'false')
      more.textContent = 'Load more…'
      more.addEventListener('click', () => void this.loadMore())
      this.list.append(more)
    }
    if (this.shown.length === 0) {
      const empty = document.createElement('li')
      empty.className = 'combo-empty'
      empty.textContent = this.loading
        ? 'Loading…'
        : this.choices.length
          ? 'No choice matches: the typed value is used as is.'
          : 'No choices: type a value.'
      this.list.append(empty)
    }
    this.active = Math.min(this.active, this.entryCount() - 1)
    this.status.classList.toggle('error', Boolean(this.error))
    this.status.textContent = this.loading
      ? 'Loading choices…'
      : this.error
        ? this.error
        : this.choices.length
          ? `${this.choices.length} choice${this.choices.length === 1 ? '' : 's'}${this.nextPage ? ' so far' : ''}; or type a value.`
          : ''
  }
}
