// `npm run send -- --event event.json --mapping mapping.json [--settings settings.json] [--live]`: runs one event
// (or an array of events, through the batch path) through an action once and prints the exchanges, redacted.
import { Command } from 'commander'
import type { JSONObject } from '@segment/actions-core'
import destination from '../destinations/twilio-messaging'
import { ConfigError, prepareTarget, readJsonFile, readObjectFile } from './config'
import { createRedactor, credentialsFromSettings } from './redact'
import { DestinationRunner, BadRequest, type ErrorEntry, type Exchange, type SendResult } from './runner'

export interface SendOptions {
  event: string
  mapping: string
  settings?: string
  live: boolean
  action: string
  json: boolean
}

export function parseSendArgs(argv: string[]): SendOptions {
  const command = new Command('send')
    .description('Run one Segment event through a destination action and print the HTTP exchanges (redacted).')
    .requiredOption('--event <file>', 'JSON file with a Segment event (an array runs the batch path)')
    .requiredOption('--mapping <file>', 'JSON file with the action mapping (field -> value or @path directive)')
    .option('--settings <file>', 'JSON file with the destination settings (default: the emulator demo settings)')
    .option('--live', 'send to real Twilio (needs credentials in the settings file or the environment)', false)
    .option('--action <slug>', 'action to run', 'sendMessage')
    .option('--json', 'print the result as JSON (the dev server response body) instead of text', false)
    .exitOverride()
  command.parse(argv, { from: 'user' })
  return command.opts<SendOptions>()
}

export interface SendOutcome {
  result: SendResult
  /** Printable, redacted. */
  output: string
  /** 0 when every event succeeded, 1 otherwise. */
  exitCode: number
}

/** Runs the event; the caller prints `output`. Starts (and stops) the emulator unless `live`. */
export async function runSend(options: SendOptions): Promise<SendOutcome> {
  const event = readJsonFile(options.event, 'event')
  const mapping = readObjectFile(options.mapping, 'mapping') as JSONObject
  const target = await prepareTarget({ live: options.live, settingsFile: options.settings })
  try {
    const redact = createRedactor([...target.secrets, ...credentialsFromSettings(target.settings)])
    const runner = new DestinationRunner(destination)
    let result: SendResult
    try {
      result = await runner.send(options.action, { payload: event, settings: target.settings, mapping })
    } catch (error) {
      if (error instanceof BadRequest) throw new ConfigError(error.message)
      throw error
    }
    const safe = redact(result) as SendResult
    const failed = safe.some((item) => 'requestError' in item)
    const where = target.mode === 'live' ? 'real Twilio' : `the Twilio emulator at ${target.emulator?.url}`
    const output = options.json
      ? JSON.stringify(safe, null, 2)
      : [`Sending through ${options.action} to ${where}`, '', ...safe.map(formatItem)].join('\n')
    return { result: safe, output, exitCode: failed ? 1 : 0 }
  } finally {
    await target.close()
  }
}

function formatBody(body: unknown): string {
  if (body === null || body === undefined || body === '') return '(empty)'
  return typeof body === 'string' ? body : JSON.stringify(body, null, 2)
}

function formatExchange(exchange: Exchange): string {
  const { request, response } = exchange
  const headers = (values: Record<string, string>) => Object.entries(values).map(([key, value]) => `  ${key}: ${value}`)
  return [
    `> ${request.method} ${request.url}`,
    ...headers(request.headers),
    `  ${formatBody(request.body)}`,
    `< ${response.statusCode} ${response.statusMessage}`,
    ...headers(response.headers),
    formatBody(response.body)
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n'),
    ''
  ].join('\n')
}

/** `400 TWILIO_21211: Twilio error 21211: …` (with the event index in a batch). */
export function summarizeError(item: ErrorEntry): string {
  const where = item.eventIndex !== undefined ? `event ${item.eventIndex}: ` : ''
  return `${where}${item.statusCode}${item.code ? ` ${item.code}` : ''}: ${item.message}`
}

function formatItem(item: SendResult[number]): string {
  if ('noRequest' in item) return `${item.message}\n`
  if (!('requestError' in item)) return formatExchange(item)
  return [
    ...(item.exchanges ?? []).map(formatExchange),
    `Error: ${summarizeError(item)}`,
    ...Object.entries(item.fields ?? {}).map(([field, message]) => `  ${field}: ${message}`),
    ''
  ].join('\n')
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  let options: SendOptions
  try {
    options = parseSendArgs(argv)
  } catch (error) {
    const code = (error as { code?: string }).code
    return code === 'commander.helpDisplayed' || code === 'commander.help' ? 0 : 2
  }
  try {
    const outcome = await runSend(options)
    process.stdout.write(`${outcome.output}\n`)
    for (const item of outcome.result) {
      if ('requestError' in item) process.stderr.write(`Failed: ${summarizeError(item)}\n`)
    }
    return outcome.exitCode
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`)
    return error instanceof ConfigError ? 2 : 1
  }
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code
  })
}
