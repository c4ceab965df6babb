// The process-level knobs a self-hosted runtime or a benchmark may set (never a workspace: they are environment
// variables, not settings). A value that is set but unusable is refused with a message naming the variable, the
// value and the fix, before any request: falling back to a default would hide the operator's mistake (a ceiling of
// "25O" silently becoming 250).

/** Thrown for an unusable knob. Not an IntegrationError: the runtime answers 500 and Segment retries the event. */
export class RuntimeConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RuntimeConfigError'
  }
}

export interface NumberRule {
  min: number
  max: number
  /** Whole numbers only (default true). */
  integer?: boolean
  /** What the number counts, for the message ("ms", "MiB"). */
  unit?: string
}

const WHOLE = /^\d+$/
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/

function describe(rule: NumberRule, plural = false): string {
  const kind = rule.integer === false ? 'number' : 'whole number'
  const unit = rule.unit ? ` ${rule.unit}` : ''
  return `${plural ? `${kind}s` : `a ${kind}`} from ${rule.min} to ${rule.max}${unit}`
}

/** The variable's number, `fallback` when it is unset or blank; throws RuntimeConfigError when it breaks `rule`. */
export function numberFromEnv(name: string, fallback: number, rule: NumberRule): number {
  const raw = process.env[name]
  if (raw === undefined) return fallback
  const text = raw.trim()
  if (text === '') return fallback
  const value = (rule.integer === false ? DECIMAL : WHOLE).test(text) ? Number(text) : Number.NaN
  if (!(value >= rule.min && value <= rule.max)) {
    throw new RuntimeConfigError(
      `${name} is ${JSON.stringify(raw)}: set it to ${describe(rule)}, or unset it for the default (${fallback}).`
    )
  }
  return value
}

/** A comma-separated list of numbers, each following `rule`; `fallback` when unset or blank. */
export function numberListFromEnv(name: string, fallback: number[], rule: NumberRule): number[] {
  const raw = process.env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const parts = raw.split(',').map((part) => part.trim())
  const values = parts.map((part) => (WHOLE.test(part) ? Number(part) : Number.NaN))
  if (values.some((value) => !(value >= rule.min && value <= rule.max))) {
    throw new RuntimeConfigError(
      `${name} is ${JSON.stringify(raw)}: set it to a comma-separated list of ${describe(rule, true)}, ` +
        `or unset it for the default (${fallback.join(',')}).`
    )
  }
  return values
}
