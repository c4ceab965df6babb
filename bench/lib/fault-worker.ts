// One invocation of the batch action in its own, fresh process, as Segment's runtime would run a redelivery on a
// machine that never saw the event: no shared memory; the platform's stateContext values arrive with the request
// and the values this invocation sets leave with its response. Reads the invocation as JSON on stdin, writes the
// response as JSON on stdout. Started by fault-run.ts.
import { Destination } from '@segment/actions-core'
import type { StateContext } from '@segment/actions-core'
import definition from '../../src/destinations/twilio-messaging'

interface WorkerInput {
  events: unknown[]
  mapping: Record<string, unknown>
  settings: Record<string, string>
  context: Record<string, string>
  /** Simulated crash: the process dies the moment Twilio has accepted this many messages, before answering. */
  crashAfterAccepted?: number
}

async function main() {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  const input = JSON.parse(Buffer.concat(chunks).toString()) as WorkerInput
  const setContext: Array<[string, string, unknown]> = []
  const stateContext: StateContext = {
    getRequestContext: (key: string) => input.context[key],
    setResponseContext: (key: string, value: string, ttl: unknown) => {
      setContext.push([key, value, ttl])
    }
  }
  const destination = new Destination(definition)
  if (input.crashAfterAccepted !== undefined) {
    let accepted = 0
    destination.actions.sendMessage.on('response', (response: { status: number; request: { method: string } }) => {
      if (response.request.method === 'POST' && response.status === 201 && ++accepted >= input.crashAfterAccepted!) {
        process.kill(process.pid, 'SIGKILL')
      }
    })
  }
  const results = await destination.executeBatch('sendMessage', {
    events: input.events as never,
    mapping: input.mapping as never,
    settings: input.settings as never,
    stateContext
  })
  process.stdout.write(JSON.stringify({ results, setContext }))
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
