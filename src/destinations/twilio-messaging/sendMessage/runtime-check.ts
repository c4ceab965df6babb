// The process-level knobs checked at the start of perform and performBatch, before any request: an unusable one
// fails the event with a retryable 500 naming the variable and the fix, so Segment keeps the event until the
// operator fixes it (nothing is sent with a guessed value, nothing is dropped).
import { RetryableError } from '@segment/actions-core'
import { RuntimeConfigError } from './runtime-env'
import { readbackWaits } from './readback'
import { sendTimeoutMs } from './send'
import { memoryCacheSizeProblem } from './state-store'

/** The first unusable knob's message, or undefined. `extra` reads knobs only a batch uses (the concurrency ceiling). */
export function runtimeConfigProblem(extra: Array<() => unknown> = []): string | undefined {
  const sizeProblem = memoryCacheSizeProblem()
  if (sizeProblem) return sizeProblem
  for (const read of [sendTimeoutMs, readbackWaits, ...extra]) {
    try {
      read()
    } catch (error) {
      if (error instanceof RuntimeConfigError) return error.message
      throw error
    }
  }
  return undefined
}

export function runtimeConfigError(problem: string): RetryableError {
  return new RetryableError(`${problem} (a setting of the process running this destination, not of the workspace)`, 500)
}
