// The official twilio SDK pointed at the emulator: its own HTTP client, sending each request unchanged but for the
// origin, with the Twilio host the SDK chose in X-Twilio-Host (as src/twilio-target.ts does for the destination).
import RequestClient from 'twilio/lib/base/RequestClient'
import RestException from 'twilio/lib/base/RestException'

export class EmulatorRequestClient extends RequestClient {
  /** The Twilio hosts the SDK asked for, in order. */
  readonly hosts: string[] = []

  constructor(private readonly baseUrl: string) {
    super()
  }

  request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const url = new URL(opts.uri)
    if (!/\.twilio\.com$/.test(url.hostname)) throw new Error(`The SDK asked for ${opts.uri}`)
    this.hosts.push(url.hostname)
    return super.request({
      ...opts,
      uri: `${this.baseUrl}${url.pathname}${url.search}`,
      headers: { ...opts.headers, 'X-Twilio-Host': url.hostname }
    })
  }
}

/** The RestException a call rejects with (fails the test when it resolves or throws anything else). */
export async function caught(promise: Promise<unknown>): Promise<RestException> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(RestException)
    return error as RestException
  }
  throw new Error('expected a RestException')
}
