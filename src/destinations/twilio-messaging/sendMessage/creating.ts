// Create Message calls in flight in this process, by what Twilio's list would show of them (recipient, sender, body,
// media count). While an identical message of another event is on its way, the list cannot tell whose message it
// shows; that send's own answer decides (and claims it), so a look first waits for it. Entries live as long as their
// sends: as many as sends in flight.
import type { MessageRequest } from './build-request'

const creating = new Map<string, Set<Promise<unknown>>>()

function listedAs(message: MessageRequest): string {
  const params = new Map(message.params)
  const media = message.params.filter(([name]) => name === 'MediaUrl').length
  return JSON.stringify([
    params.get('To'),
    params.get('From'),
    params.get('MessagingServiceSid'),
    params.get('Body'),
    media
  ])
}

/** Runs `send` (the call and the claim of its answer) as a create of `message` that looks must wait for. */
export async function whileCreating<T>(message: MessageRequest, send: () => Promise<T>): Promise<T> {
  const key = listedAs(message)
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
 * Resolves once no identical message is being created in this process (true), or after `withinMs` (false when one
 * still is). Never longer than the other sends take: each has its own timeout.
 */
export async function identicalCreatesSettled(message: MessageRequest, withinMs: number): Promise<boolean> {
  const key = listedAs(message)
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
