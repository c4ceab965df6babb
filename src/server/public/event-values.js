// @ts-check
// Mapping directives evaluated against the event in the page, as actions-core does at send time, so that the page
// can say before sending what a path finds, what a template gives and which of its properties the event lacks:
// `@path` reads `$.a.b` / `$.a[0].b`, `@template` fills `{{a.b}}` (a missing value gives ''), `@if` with
// `exists` / `blank` picks `then` or `else`.
import { isObject } from './dom.js'

/** Not found in the event. */
export const MISSING = Symbol('missing')

/** @param {unknown} event @param {string} path `$.properties.phone` or `properties.phone` */
export function readPath(event, path) {
  const parts = path
    .replace(/^\$\.?/, '')
    .split(/\.|\[(\d+)\]/)
    .filter((part) => part !== undefined && part !== '')
  /** @type {unknown} */
  let current = event
  for (const part of parts) {
    if (Array.isArray(current) && /^\d+$/.test(part)) current = current[Number(part)]
    else if (isObject(current) && Object.prototype.hasOwnProperty.call(current, part)) current = current[part]
    else return MISSING
    if (current === undefined) return MISSING
  }
  return current
}

/** The `{{…}}` references of a template, trimmed. @param {string} template */
export function templateRefs(template) {
  return [...template.matchAll(/{{\s*([^{}]+?)\s*}}/g)].map((match) => match[1])
}

/** @param {string} template @param {unknown} event */
export function fillTemplate(template, event) {
  return template.replace(/{{\s*([^{}]+?)\s*}}/g, (_all, ref) => {
    const value = readPath(event, ref)
    return value === MISSING || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)
  })
}

/**
 * The value a mapping gives for this event, and the references it could not find.
 * @param {unknown} mapping @param {unknown} event
 * @returns {{ value: unknown, missing: string[] }}
 */
export function evaluate(mapping, event) {
  /** @type {string[]} */
  const missing = []
  /** @param {unknown} node @returns {unknown} */
  const walk = (node) => {
    if (Array.isArray(node)) return node.map(walk)
    if (!isObject(node)) return node
    const keys = Object.keys(node)
    if (keys.length === 1 && typeof node['@path'] === 'string') {
      const found = readPath(event, node['@path'])
      if (found === MISSING) missing.push(node['@path'])
      return found
    }
    if (keys.length === 1 && typeof node['@template'] === 'string') {
      for (const ref of templateRefs(node['@template'])) if (readPath(event, ref) === MISSING) missing.push(ref)
      return fillTemplate(node['@template'], event)
    }
    if (keys.length === 1 && isObject(node['@if'])) {
      const rule = node['@if']
      const tested = rule.exists !== undefined ? rule.exists : rule.blank
      const before = missing.length
      const value = walk(tested)
      missing.length = before // a tested value that is absent is not a problem: that is what @if is for
      const present = value !== MISSING && value !== undefined && value !== null
      const holds = rule.exists !== undefined ? present : !present || value === ''
      return walk(holds ? rule.then : rule.else)
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, walk(value)]))
  }
  const value = walk(mapping)
  return { value, missing }
}

/** A value as the page shows it: strings quoted, objects as JSON. @param {unknown} value */
export function shown(value) {
  if (value === MISSING || value === undefined) return 'nothing'
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value)
}
