// Time for the message lifecycle: a clock plus timers. The real one runs waits `timeScale` times faster (60: a
// minute of Twilio time passes in a second); tests inject ManualTime and move time themselves, so every transition
// happens exactly when the test says.

export type TimerHandle = { cancel(): void }

export interface Scheduler {
  /** The emulator's "now": message dates and the scheduling window. */
  now(): Date
  /** Runs `task` after `ms` of emulated time (divided by the time scale on the real clock). */
  after(ms: number, task: () => void): TimerHandle
}

/** Largest delay Node's setTimeout accepts (about 24.8 days); longer waits are chained. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1

export function realScheduler(clock: () => Date = () => new Date(), timeScale = 1): Scheduler {
  const scale = Number.isFinite(timeScale) && timeScale > 0 ? timeScale : 1
  return {
    now: clock,
    after(ms, task) {
      let timer: NodeJS.Timeout | undefined
      let remaining = Math.max(0, ms / scale)
      const arm = () => {
        const step = Math.min(remaining, MAX_TIMEOUT_MS)
        remaining -= step
        timer = setTimeout(() => (remaining > 0 ? arm() : task()), step)
        // A pending transition must not keep a test run or a stopping process alive.
        timer.unref()
      }
      arm()
      return { cancel: () => clearTimeout(timer) }
    }
  }
}

interface ManualTimer {
  at: number
  order: number
  task: () => void
  cancelled: boolean
}

/** A clock that only moves when told to: `advance(ms)` runs every timer that falls due, in time order. */
export class ManualTime implements Scheduler {
  private current: number
  private timers: ManualTimer[] = []
  private order = 0

  constructor(start: Date | string = '2025-06-01T12:00:00Z') {
    this.current = new Date(start).getTime()
  }

  now = (): Date => new Date(this.current)

  after(ms: number, task: () => void): TimerHandle {
    const timer: ManualTimer = { at: this.current + Math.max(0, ms), order: this.order++, task, cancelled: false }
    this.timers.push(timer)
    return { cancel: () => void (timer.cancelled = true) }
  }

  /** Timers not yet run or cancelled. */
  get pending(): number {
    return this.timers.filter((timer) => !timer.cancelled).length
  }

  /**
   * Moves time forward by `ms`, running due timers one by one (a timer may add new ones that are also run if due).
   * Awaits between timers so that work they start (HTTP callbacks) gets to run.
   */
  async advance(ms: number): Promise<void> {
    const end = this.current + Math.max(0, ms)
    for (;;) {
      this.timers = this.timers.filter((timer) => !timer.cancelled)
      const due = this.timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at || a.order - b.order)[0]
      if (!due) break
      this.timers.splice(this.timers.indexOf(due), 1)
      this.current = Math.max(this.current, due.at)
      due.task()
      await new Promise((resolve) => setImmediate(resolve))
    }
    this.current = end
  }
}
