// @ts-check
// Segment's feature flags, as switches in the Settings panel: Segment turns them on per workspace, and the
// destination reads them from the request (`features`). The page sends them with every send and every dropdown
// lookup, so what a flag changes (Messenger offered, Content Variables as text) can be tried before Segment turns it
// on. All off by default, as for a workspace Segment has not turned them on for.
import { byId, h } from './dom.js'
import { state } from './state.js'

/** @type {Record<string, HTMLInputElement>} */
const switches = {}

/** @param {Array<{ name: string, description: string }>} flags */
export function renderFeatureFlags(flags) {
  const container = byId('feature-flags')
  container.replaceChildren()
  container.hidden = flags.length === 0
  if (flags.length === 0) return
  const list = h('div', { class: 'flag-list' })
  for (const { name, description } of flags) {
    const id = `flag-${name}`
    const input = h('input', { id, type: 'checkbox', name })
    input.addEventListener('change', () => {
      // The dropdowns' choices may change with a flag: they are asked again when opened.
      for (const ui of state.ui.values()) ui.comboboxes.forEach((box) => box.markStale())
    })
    switches[name] = input
    list.append(
      h('div', { class: 'flag' }, [input, h('label', { for: id }, [h('code', { text: name }), ` ${description}`])])
    )
  }
  container.append(h('legend', { text: 'Segment feature flags' }), list)
}

/** The flags that are on, as the `features` of a request. */
export function currentFeatures() {
  /** @type {Record<string, boolean>} */
  const features = {}
  for (const [name, input] of Object.entries(switches)) if (input.checked) features[name] = true
  return features
}
