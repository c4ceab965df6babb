// Create Message calls in flight in this process, by recipient. While a message to the same recipient is on its way,
// the list cannot tell whether a message it shows is that one (when the texts are identical); that send's own answer
// decides, and claims it, so a look first waits for it. Keyed by recipient alone, the cheapest key that covers every
// identical message; waiting for a different one costs a look at most one send's time. Entries live as long as their
// sends: as many as sends in flight.
import type { MessageRequest } from './build-request'

const creating = new Map<string, Set<Promise<unknown>>>()

function recipientOf(message: MessageRequest): string {
  for (const [name, value] of message.params) if (name === 'To') return value
  return ''
}

/** Runs `send` (the call and the claim of its answer) as a create that looks at the same recipient wait for. */
export async function whileCreating<T>(message: MessageRequest, send: () => Promise<T>): Promise<T> {
  const key = recipientOf(message)
  const running = send()
  const set = creating.get(key) ?? new Set<Promise<unknown>>()
  set.add(running)
  creating.set(key, set)
  try {
    return await running
  } finally {
    set.delete(running)
    if (set.size === 0) creating.delete(key)
  }
}

/**
 * Resolves once no message to the same recipient is being created in this process (true), or after `withinMs` (false
 * when one still is). Never longer than the other sends take: each has its own timeout.
 */
export async function identicalCreatesSettled(message: MessageRequest, withinMs: number): Promise<boolean> {
  const key = recipientOf(message)
  let timer: ReturnType<typeof setTimeout> | undefined
  const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, withinMs))))
  try {
    while (creating.has(key)) {
      const pending = [...(creating.get(key) as Set<Promise<unknown>>)]
      const settled = await Promise.race([Promise.allSettled(pending).then(() => true), limit.then(() => false)])
      if (!settled) return !creating.has(key)
    }
    return true
  } finally {
    clearTimeout(timer)
  }
}
