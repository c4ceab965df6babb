// @ts-check
// What the tester page knows: the manifest's fields, the settings inputs and the mapping form's field editors.

/**
 * @typedef {import('./conditions.js').Conditions} Conditions
 * @typedef {import('./combobox.js').Combobox} Combobox
 * @typedef {{
 *   label?: string, description?: string, type?: string, required?: boolean | Conditions,
 *   depends_on?: Conditions, dynamic?: boolean, multiple?: boolean, default?: unknown, format?: string,
 *   choices?: Array<string | { label: string, value: string }>, placeholder?: string, unsafe_hidden?: boolean,
 *   minimum?: number, maximum?: number
 * }} Field
 * @typedef {'fixed' | 'path' | 'template' | 'json'} Mode
 * @typedef {{ value?: unknown, error?: string }} MappingValue
 * @typedef {{
 *   key: string, field: Field, mode: Mode, row: HTMLElement, editor: HTMLElement, error: HTMLElement,
 *   modeSelect: HTMLSelectElement, requiredMark: HTMLElement, read: () => MappingValue, literal: () => unknown,
 *   focus: () => void, comboboxes: Combobox[], refreshKeys?: () => void, unfit?: string, hint?: HTMLElement,
 *   leftOut: HTMLElement
 * }} FieldUi
 */

export const state = {
  mode: /** @type {'emulator' | 'live'} */ ('live'),
  actionSlug: '',
  /** @type {Record<string, Field>} */
  settingsFields: {},
  /** @type {Record<string, HTMLInputElement>} */
  settingsInputs: {},
  /** @type {Record<string, HTMLElement>} */
  settingsErrors: {},
  /** @type {Record<string, Field>} */
  fields: {},
  /** @type {Map<string, FieldUi>} */
  ui: new Map(),
  /** Field keys whose value drives conditions or dynamic choices. */
  drivers: new Set(),
  /** The event in the Event panel as last parsed (undefined while its JSON does not parse). */
  /** @type {Record<string, unknown> | undefined} */
  event: undefined
}
