// @ts-check
// A scrolling list that puts only the rows in view (plus a few) in the DOM, so that 20,000 choices open, scroll
// and filter without lag. Every row has the same height (measured once from a rendered row); the rows above and
// below the window are stood in for by two empty spacer rows, so the scrollbar shows the whole length.

const OVERSCAN = 6
/** Used until a row has been measured (a two-line option at the page's font size). */
const FALLBACK_ROW_HEIGHT = 48

/** @param {number} height */
function spacer(height) {
  const row = document.createElement('li')
  row.setAttribute('role', 'presentation')
  row.className = 'combo-spacer'
  row.style.height = `${height}px`
  return row
}

export class VirtualList {
  /**
   * @param {HTMLElement} list the scroll container (max-height and overflow-y: auto in CSS)
   * @param {(index: number) => HTMLElement} renderRow builds row `index` (called only for rows in view)
   */
  constructor(list, renderRow) {
    this.list = list
    this.renderRow = renderRow
    this.count = 0
    this.rowHeight = 0
    this.first = 0
    this.last = -1
    /** @type {number | undefined} */
    this.frame = undefined
    list.addEventListener('scroll', () => {
      if (this.frame !== undefined) return
      this.frame = window.requestAnimationFrame(() => {
        this.frame = undefined
        this.draw()
      })
    })
  }

  /** A new length: drawn from the current scroll position (clamped), or from the top with `toTop`. */
  /** @param {number} count @param {boolean} [toTop] */
  reset(count, toTop = false) {
    this.count = count
    if (toTop) this.list.scrollTop = 0
    this.first = 0
    this.last = -1
    this.draw(true)
  }

  height() {
    return this.rowHeight || FALLBACK_ROW_HEIGHT
  }

  /** How many rows one screen of the list holds (PageUp/PageDown step). */
  pageSize() {
    return Math.max(1, Math.floor((this.list.clientHeight || 256) / this.height()) - 1)
  }

  /** Scrolls as little as needed to show row `index`, then draws. @param {number} index */
  reveal(index) {
    const height = this.height()
    const top = index * height
    const view = this.list.clientHeight || 256
    if (top < this.list.scrollTop) this.list.scrollTop = top
    else if (top + height > this.list.scrollTop + view) this.list.scrollTop = top + height - view
    this.draw()
  }

  /** @param {boolean} [force] redraw even if the window did not move */
  draw(force = false) {
    const height = this.height()
    const view = this.list.clientHeight || 256
    const first = Math.max(0, Math.floor(this.list.scrollTop / height) - OVERSCAN)
    const last = Math.min(this.count - 1, Math.ceil((this.list.scrollTop + view) / height) + OVERSCAN)
    if (!force && first === this.first && last === this.last) return
    this.first = first
    this.last = last
    const rows = []
    for (let index = first; index <= last; index++) rows.push(this.renderRow(index))
    this.list.replaceChildren(spacer(first * height), ...rows, spacer(Math.max(0, this.count - 1 - last) * height))
    if (!this.rowHeight && rows.length && this.list.offsetParent !== null) {
      const measured = rows[0].getBoundingClientRect().height
      if (measured > 0) {
        this.rowHeight = measured
        this.draw(true)
      }
    }
  }
}
