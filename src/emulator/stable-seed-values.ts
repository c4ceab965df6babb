// Values of seeded resources that must not change between runs: SIDs derived from a label and creation dates at
// noon UTC of a fixed day, so two runs (and two machines) see the same account.
import { createHash } from 'node:crypto'

/** A stable `<prefix><32 hex>` SID for a label. */
export function stableSid(prefix: string, label: string): string {
  return prefix + createHash('md5').update(`${prefix}:${label}`).digest('hex')
}

/** Noon UTC of an ISO day (`YYYY-MM-DD`): the seeded resources' creation dates. */
export const seedDay = (iso: string) => new Date(`${iso}T12:00:00Z`)
