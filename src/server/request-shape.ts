// Bounds on the shape of what a request posts (mapping, payload, settings, ...), checked before any work: a mapping
// nested 10,000 levels deep once crashed the dev server (actions-core reads mappings recursively), and 20,000 keys
// cost seconds. The walk is iterative and stops at the first bound crossed, so checking costs no more than reading.
import { BadRequest } from './errors'

export interface ShapeLimits {
  /** Levels of objects and arrays inside the value (the value itself is level 1). */
  depth: number
  /** Keys of objects and items of arrays, counted over the whole value. */
  keys: number
}

/**
 * Far above what a real request holds: a mapping's directives nest a few levels (`@if` inside an object field) and
 * a Segment event is at most 32 KB, yet far below what costs time or stack.
 */
export const SHAPE_LIMITS: Record<string, ShapeLimits> = {
  mapping: { depth: 32, keys: 2_000 },
  payload: { depth: 64, keys: 100_000 }
}
const OTHER_LIMITS: ShapeLimits = { depth: 32, keys: 2_000 }

const WHY: Record<string, string> = {
  mapping: 'a mapping needs a few levels and a few hundred keys at most',
  payload: 'a Segment event is at most 32 KB'
}

/** `mapping.tags.a.a…`: the path to where a bound was crossed, shortened in the middle when long. */
function pathName(path: string[]): string {
  const shown = path.length > 8 ? [...path.slice(0, 5), '…', ...path.slice(-2)] : path
  return shown.map((part) => (part.length > 40 ? `${part.slice(0, 40)}…` : part)).join('.')
}

/** Throws a 400 naming the field (and the path inside it) when `value` is deeper or larger than `limits` allow. */
export function checkShape(value: unknown, field: string, limits: ShapeLimits = SHAPE_LIMITS[field] ?? OTHER_LIMITS) {
  const why = WHY[field] ?? 'nothing the dev server reads needs more'
  const stack: Array<{ value: unknown; path: string[] }> = [{ value, path: [field] }]
  let keys = 0
  while (stack.length > 0) {
    const { value: current, path } = stack.pop() as { value: unknown; path: string[] }
    if (current === null || typeof current !== 'object') continue
    if (path.length > limits.depth) {
      throw new BadRequest(
        `${pathName(path.slice(0, limits.depth + 1))} is nested more than ${limits.depth} levels deep: ${why}. Flatten ${field}.`
      )
    }
    const entries = Array.isArray(current)
      ? current.map((item, index) => [String(index), item] as const)
      : Object.entries(current)
    keys += entries.length
    if (keys > limits.keys) {
      throw new BadRequest(
        `${field} has more than ${limits.keys.toLocaleString('en-US')} keys and items in all (${pathName(
          path
        )} alone has ${entries.length.toLocaleString('en-US')}): ${why}. Remove what ${field} does not need.`
      )
    }
    for (const [key, item] of entries) stack.push({ value: item, path: [...path, key] })
  }
}

/** Checks every object a request body carries, each against its own bounds. */
export function checkRequestShape(body: Record<string, unknown>, fields: readonly string[]): void {
  for (const field of fields) checkShape(body[field], field)
}
