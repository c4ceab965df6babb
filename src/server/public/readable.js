// @ts-check
// Mapping directives in words: `{"@if": {exists: A, then: A, else: B}}` reads "context.traits.phone, else
// properties.phone". Used to show a field's default mapping instead of its raw JSON.
import { isObject } from './dom.js'

/** `$.context.traits.phone` → `context.traits.phone`. @param {string} path */
export function shortPath(path) {
  return path.replace(/^\$\.?/, '') || 'the whole event'
}

/**
 * Words for a mapping value, or undefined when it has no short reading (then the JSON is shown as it is).
 * @param {unknown} value
 * @returns {string | undefined}
 */
export function describeMapping(value) {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value)
  if (!isObject(value)) return undefined
  const keys = Object.keys(value)
  if (keys.length !== 1) return undefined
  const [directive] = keys
  const argument = value[directive]
  if (directive === '@path' && typeof argument === 'string') return shortPath(argument)
  if (directive === '@template' && typeof argument === 'string') return `the text "${argument}"`
  if (directive === '@if' && isObject(argument)) {
    const then = describeMapping(argument.then)
    const otherwise = argument.else === undefined ? 'nothing' : describeMapping(argument.else)
    if (!then || !otherwise) return undefined
    if (argument.exists !== undefined) {
      const tested = describeMapping(argument.exists)
      if (!tested) return undefined
      const same = JSON.stringify(argument.exists) === JSON.stringify(argument.then)
      return same ? `${then}, else ${otherwise}` : `${then} if ${tested} exists, else ${otherwise}`
    }
    if (argument.blank !== undefined) {
      const tested = describeMapping(argument.blank)
      return tested ? `${then} if ${tested} is blank, else ${otherwise}` : undefined
    }
  }
  return undefined
}
