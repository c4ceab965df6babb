// Validity Period: a whole number of seconds, judged on the value the mapping produced. actions-core's schema check
// coerces before the action sees the payload (`true` becomes 1, "0x258" 600, "1e3" 1000), so the mapped value is
// read again from the raw mapping and event: what was typed or sent in the event is what must be a whole number.
import { transform } from '@segment/actions-core'
import type { JSONObject } from '@segment/actions-core'
import { LIMITS } from '../twilio'
import { fail } from './validation'

const DECIMAL_DIGITS = /^\d+$/

/** The value the mapping gives `validityPeriod` for this event, before any coercion; undefined when unknown. */
function mappedValue(mapping: unknown, event: unknown): unknown {
  if (!mapping || typeof mapping !== 'object') return undefined
  const directive = (mapping as Record<string, unknown>).validityPeriod
  // A typed value is judged as typed, even where the event is not known (an unpaired event of a batch).
  if (directive === null || typeof directive !== 'object') return directive
  if (!event || typeof event !== 'object') return undefined
  try {
    return transform({ validityPeriod: directive } as JSONObject, event as JSONObject).validityPeriod
  } catch {
    // The framework resolved this mapping already; whatever fails here leaves the payload's own value to judge.
    return undefined
  }
}

function wholeSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined
  if (typeof value === 'string' && DECIMAL_DIGITS.test(value.trim())) return Number(value.trim())
  return undefined
}

/**
 * Seconds from 1 to 14400, written as a number or as decimal digits: never a boolean, a fraction, or text in another
 * notation (`0x258`, `0b1`, `0o7`, `1e3`).
 */
export function readValidityPeriod(value: unknown, context: { mapping?: unknown; event?: unknown } = {}): number {
  const mapped = mappedValue(context.mapping, context.event)
  const given = mapped === undefined || mapped === null || mapped === '' ? value : mapped
  const seconds = wholeSeconds(given)
  if (seconds === undefined || seconds < LIMITS.validityPeriodMin || seconds > LIMITS.validityPeriodMax) {
    fail(
      `Validity Period (validityPeriod) must be a whole number of seconds from ${LIMITS.validityPeriodMin} to ${
        LIMITS.validityPeriodMax
      }; got ${JSON.stringify(given)}. Map it to a number such as 600, written in decimal digits.`
    )
  }
  return seconds as number
}
