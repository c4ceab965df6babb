// Which function a dynamic-field request names, read as actions-core reads it but on own properties only, so a
// dotted name never reaches an object's prototype (`contentVariables.constructor` must not call Object).
import type { JSONObject } from '@segment/actions-core'
import { isObject } from './json'

interface ResolvedHandler {
  handler: (...args: unknown[]) => unknown
  context?: JSONObject
}

/**
 * actions-core's reading of a dynamic field name, on own properties only: `name`, `obj.__keys__`, `obj.someKey`
 * (the object's `__values__` with `selectedKey`), `list.[2].child` (with `selectedArrayIndex`).
 */
export function resolveDynamicHandler(
  dynamicFields: Record<string, unknown>,
  field: string
): ResolvedHandler | undefined {
  const ownFunction = (holder: unknown, key: string) =>
    isObject(holder) && hasOwn(holder, key) && typeof holder[key] === 'function'
      ? (holder[key] as ResolvedHandler['handler'])
      : undefined
  const indexed = /^(.*)\.\[(\d+)\]\.(.*)$/.exec(field)
  if (indexed) {
    const handler = ownFunction(hasOwn(dynamicFields, indexed[1]) ? dynamicFields[indexed[1]] : undefined, indexed[3])
    return handler && { handler, context: { selectedArrayIndex: Number(indexed[2]) } }
  }
  const dot = field.lastIndexOf('.')
  if (dot < 0) {
    const handler = ownFunction(dynamicFields, field)
    return handler && { handler }
  }
  const parent = field.slice(0, dot)
  const child = field.slice(dot + 1)
  const holder = hasOwn(dynamicFields, parent) ? dynamicFields[parent] : undefined
  if (!isObject(holder)) return undefined
  if (hasOwn(holder, child)) {
    const handler = ownFunction(holder, child)
    return handler && { handler }
  }
  // A name the object has only through its prototype (`constructor`, `toString`) is not a key anyone chose.
  if (child in holder || child === '') return undefined
  const values = ownFunction(holder, '__values__')
  return values && { handler: values, context: { selectedKey: child } }
}

export function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key)
}
