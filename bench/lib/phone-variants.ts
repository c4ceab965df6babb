// The "before" variant of the phone-number fast path: the same destination with every number read through
// google-libphonenumber and its cache, as before the fast path. The fast path is switched off only while that
// variant's segment runs, by replacing the module's export (CommonJS reads it at each call), so no production code
// carries a switch for the benchmark.
import { Destination } from '@segment/actions-core'
import definition from '../../src/destinations/twilio-messaging'
import { oursSettings, event, turnEventLoop } from './fixtures'
import type { Variant } from './interleave'

const fastPathModule = require('../../src/destinations/twilio-messaging/sendMessage/e164-fast-path') as {
  fastE164: (raw: string) => string | false | undefined
}

export function phoneVariants(): Array<{ name: string; change: string; variant: (name: string) => Variant }> {
  return [
    {
      name: 'before: phone numbers through google-libphonenumber (cached)',
      change: 'E.164 fast path for phone numbers (new recipient each event)',
      variant: (name) => {
        const destination = new Destination(definition) as unknown as Destination<never>
        const settings = oursSettings()
        return {
          name,
          async run(n) {
            const fast = fastPathModule.fastE164
            fastPathModule.fastE164 = () => undefined
            try {
              for (let i = 0; i < n; i++) {
                await destination.onEvent(event(), settings)
                destination.responses.length = 0
                if (i % 100 === 99) await turnEventLoop()
              }
            } finally {
              fastPathModule.fastE164 = fast
            }
          }
        }
      }
    }
  ]
}
