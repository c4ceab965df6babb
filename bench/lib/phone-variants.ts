// Before/after variant for the phone-number fast path (filled in once the fast path exists).
import type { Variant } from './interleave'

export function phoneVariants(): Array<{ name: string; change: string; variant: (name: string) => Variant }> {
  return []
}
