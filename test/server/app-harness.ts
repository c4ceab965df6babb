// Shared setup of the dev server's route tests (app-*.test.ts): the Twilio destination's dev server in front of the
// fake Twilio, a `call` that records every answer, and the redaction check run after each file's tests.
/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read untyped JSON answers */
import destination from '../../src/destinations/twilio-messaging'
import { startDevServer, type RunningDevServer } from '../../src/server/app'
import { settingsFor } from '../../src/server/samples'
import { targetTwilio } from '../../src/twilio-target'
import { FAKE, startFakeTwilio, type FakeTwilio } from './fake-twilio'

export const settings = settingsFor(FAKE)
const basicToken = Buffer.from(`${FAKE.apiKeySid}:${FAKE.apiKeySecret}`).toString('base64')

/** Every answer body and log line of a file's tests, for the redaction check. */
export interface Recorded {
  logs: string[]
  bodies: string[]
}

/** Redaction: nothing any test received or logged may carry the secret or a Basic credential. */
function expectRedacted({ logs, bodies }: Recorded) {
  const everything = [...bodies, ...logs].join('\n')
  expect(everything).not.toContain(FAKE.apiKeySecret)
  expect(everything).not.toContain(basicToken)
  expect(everything).not.toContain('Basic ')
}

/** For a file that starts its own servers: the arrays to record into, checked for redaction after its tests. */
export function useRedactionCheck(): Recorded {
  const recorded: Recorded = { logs: [], bodies: [] }
  afterAll(() => expectRedacted(recorded))
  return recorded
}

export interface DevServerHarness extends Recorded {
  /** Set once the file's beforeAll ran. */
  readonly twilio: FakeTwilio
  readonly server: RunningDevServer
  /** A request to the dev server: JSON in with `json`, the answer parsed when it is JSON; the body is recorded. */
  call(path: string, init?: RequestInit & { json?: unknown }): Promise<{ status: number; headers: Headers; body: any }>
}

/**
 * The Twilio destination's dev server, the destination pointed at the fake Twilio (targetTwilio), for one test file:
 * started before its tests, closed after them, then the redaction check. `tester`: the tester routes run against the
 * fake as they would against the emulator (the template preview asks it); without, they are in live mode.
 */
export function useDevServer(options: { tester?: boolean } = {}): DevServerHarness {
  const logs: string[] = []
  const bodies: string[] = []
  let twilio: FakeTwilio
  let server: RunningDevServer

  async function call(path: string, init: RequestInit & { json?: unknown } = {}) {
    const { json, ...rest } = init
    const response = await fetch(`${server.url}${path}`, {
      method: json === undefined ? (rest.method ?? 'GET') : 'POST',
      ...rest,
      headers: { ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...(rest.headers ?? {}) },
      body: json === undefined ? rest.body : JSON.stringify(json)
    })
    const text = await response.text()
    bodies.push(text)
    let body: unknown = text
    try {
      body = JSON.parse(text)
    } catch {
      // not JSON
    }
    return { status: response.status, headers: response.headers, body: body as any }
  }

  beforeAll(async () => {
    twilio = await startFakeTwilio()
    server = await startDevServer({
      destination: targetTwilio(destination, twilio.url),
      port: 0,
      log: (line) => logs.push(line),
      tester: options.tester ? { emulatorUrl: twilio.url } : undefined
    })
  })

  afterAll(async () => {
    await server.close()
    await twilio.close()
    expectRedacted({ logs, bodies })
  })

  return {
    logs,
    bodies,
    get twilio() {
      return twilio
    },
    get server() {
      return server
    },
    call
  }
}
