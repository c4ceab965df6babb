// Bounded concurrency for a batch's sends. Destinations in Segment's monorepo may not add a dependency for this
// (p-limit is not declared there), so it is a few lines here.

export type Limiter = <T>(task: () => Promise<T>) => Promise<T>

/**
 * A function that runs the tasks it is given with at most `max` of them running at once, starting them in the
 * order they were given. Each call's promise settles as its task does; a task that throws or rejects frees its
 * slot like one that succeeds.
 */
export function createLimiter(max: number): Limiter {
  if (!Number.isInteger(max) || max < 1)
    throw new RangeError(`Concurrency must be a whole number of at least 1; got ${max}`)
  let running = 0
  const waiting: Array<() => void> = []

  const release = (): void => {
    running--
    const next = waiting.shift()
    if (next) next()
  }

  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = (): void => {
        running++
        let result: Promise<T>
        try {
          result = Promise.resolve(task())
        } catch (error) {
          result = Promise.reject(error)
        }
        result.then(resolve, reject).then(release, release)
      }
      if (running < max) start()
      else waiting.push(start)
    })
}
