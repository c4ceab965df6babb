// A fresh process that runs the invocations it is given, as one of Segment's workers would: each invocation (one event
// to perform, or one batch to performBatch) gets the platform's stateContext values as they were when it was sent,
// and its own response's `setContext`. No memory is shared with any earlier process, so a redelivery never finds what
// an earlier attempt kept in memory. Reads its work as JSON on stdin and writes each invocation's answer as one JSON
// line on stdout as soon as it is ready (a crash loses only the answers not written yet). Started by
// fresh-process-run.ts.
import { Destination } from '@segment/actions-core'
import type { StateContext } from '@segment/actions-core'
import { createTwilioMessaging } from '../../src/destinations/twilio-messaging'
import type { Tuning } from '../../src/destinations/twilio-messaging'
import { targetTwilio } from '../../src/twilio-target'

export interface WorkerInvocation {
  /** One event (perform) or several (performBatch). */
  events: unknown[]
  context: Record<string, string>
}

export interface WorkerInput {
  mode: 'single' | 'batch'
  invocations: WorkerInvocation[]
  mapping: Record<string, unknown>
  settings: Record<string, string>
  twilioUrl: string
  tuning: Partial<Omit<Tuning, 'now'>>
  /** Invocations running at once in this process. */
  concurrency: number
  /** Simulated crash: the process dies the moment Twilio has accepted this many messages, before answering. */
  crashAfterAccepted?: number
}

export interface WorkerAnswer {
  /** Which invocation of the input this answers. */
  index: number
  /** Per event of the invocation: the HTTP-like status and the body Segment would see. */
  results: Array<{ status: number; body?: { sid?: string; duplicate?: boolean; confirmedByReadback?: boolean } }>
  /** The response's setContext; empty when perform threw (the platform sees an error, not a response). */
  setContext: Array<[string, string, unknown]>
  /** How long the invocation took, as the platform would time it. */
  ms: number
}

class Worker extends Destination {
  run(slug: string, input: Parameters<Destination['executeAction']>[1]) {
    return this.executeAction(slug, input)
  }
}

async function runInvocation(destination: Worker, input: WorkerInput, invocation: WorkerInvocation) {
  const setContext: Array<[string, string, unknown]> = []
  const stateContext: StateContext = {
    getRequestContext: (key: string) => invocation.context[key],
    setResponseContext: (key: string, value: string, ttl: unknown) => {
      setContext.push([key, value, ttl])
    }
  }
  const common = { mapping: input.mapping as never, settings: input.settings as never, stateContext }
  const started = process.hrtime.bigint()
  let results: WorkerAnswer['results']
  if (input.mode === 'batch') {
    const entries = await destination.executeBatch('sendMessage', { ...common, events: invocation.events as never })
    results = entries.map((entry) => ({ status: entry.status, body: (entry as { body?: never }).body }))
  } else {
    try {
      const output = await destination.run('sendMessage', { ...common, event: invocation.events[0] as never })
      const data = (output as Array<{ data?: WorkerAnswer['results'][number]['body'] & { status?: string } }>).find(
        (step) => step.data
      )?.data
      results = [{ status: data?.duplicate || data?.confirmedByReadback ? 200 : 201, body: data }]
    } catch (error) {
      // A failed perform answers the platform with an error: its setContext never arrives.
      setContext.length = 0
      results = [{ status: (error as { status?: number }).status ?? 500 }]
    }
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  return { results, setContext, ms }
}

/** Resolves once the line is handed to the kernel, so a crash right after cannot lose it. */
const writeLine = (line: string) => new Promise<void>((resolve) => process.stdout.write(`${line}\n`, () => resolve()))

async function main() {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  const input = JSON.parse(Buffer.concat(chunks).toString()) as WorkerInput
  const destination = new Worker(targetTwilio(createTwilioMessaging(input.tuning), input.twilioUrl) as never)
  let accepted = 0
  destination.actions.sendMessage.on('response', (response: { status: number; request: { method: string } }) => {
    destination.responses.length = 0
    if (response.request.method !== 'POST' || response.status !== 201) return
    if (input.crashAfterAccepted !== undefined && ++accepted >= input.crashAfterAccepted)
      process.kill(process.pid, 'SIGKILL')
  })
  let next = 0
  const lane = async () => {
    while (next < input.invocations.length) {
      const index = next++
      const answer = await runInvocation(destination, input, input.invocations[index])
      await writeLine(JSON.stringify({ index, ...answer }))
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, input.concurrency) }, lane))
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
