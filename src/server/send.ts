// `npm run send -- --event event.json --mapping mapping.json [--settings settings.json] [--live]`: runs one event
// (or an array of events, through the batch path) through an action once and prints the exchanges, redacted.
// Paths are read from the directory the command was run in; each failure is printed once, on stderr.
import { Command } from 'commander'
import type { JSONObject } from '@segment/actions-core'
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
    .addHelpText(
      'after',
      [
        '',
        'Example:',
        '  npm run send -- --event event.json --mapping mapping.json',
        '  (event.json: a Segment event; mapping.json: what the tester page exports; offline, against a fresh emulator)'
      ].join('\n')
    )
    .exitOverride()
  // A mistyped flag is named first: commander would otherwise report the required --event as missing.
  const unknown = command.parseOptions([...argv]).unknown.find((arg) => arg.startsWith('-'))
  if (unknown && unknown !== '-h' && unknown !== '--help') {
    const flag = unknown.split('=')[0]
    const near = closestFlag(
      flag,
      command.options.map((option) => option.long ?? '')
    )
    command.error(`error: unknown option '${flag}'${near ? `\n(Did you mean ${near}?)` : ''}`, {
      code: 'commander.unknownOption'
    })
  }
  command.parse(argv, { from: 'user' })
  return command.opts<SendOptions>()
}

/** The known flag nearest to a mistyped one (at most two edits away), e.g. `--evnt` → `--event`. */
function closestFlag(typed: string, flags: string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
    for (let i = 1; i <= a.length; i++) {
      const current = [i]
      for (let j = 1; j <= b.length; j++) {
        current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
      }
      previous = current
    }
    return previous[b.length]
  }
  const ranked = flags.filter(Boolean).map((flag) => ({ flag, edits: distance(typed, flag) }))
  ranked.sort((x, y) => x.edits - y.edits)
  return ranked[0] && ranked[0].edits <= 2 ? ranked[0].flag : undefined
}

export interface SendOutcome {
  result: SendResult
  /** Printable, redacted: the exchanges (text) or the dev server's response body (--json). For stdout. */
  output: string
  /** Each failure once, with the fields it names (text mode only; --json carries them in `output`). For stderr. */
  errors: string
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
    const runner = new DestinationRunner(target.definition)
    let result: SendResult
    try {
      result = await runner.send(options.action, { payload: event, settings: target.settings, mapping })
    } catch (error) {
      if (error instanceof BadRequest) throw new ConfigError(error.message)
      throw error
    }
    const safe = redact(result) as SendResult
    const failures = safe.filter((item): item is ErrorEntry => 'requestError' in item)
    const where = target.mode === 'live' ? 'real Twilio' : `the Twilio emulator at ${target.emulatorUrl}`
    const batchSize = Array.isArray(event) ? event.length : undefined
    const output = options.json
      ? JSON.stringify(safe, null, 2)
      : [
          `Sending through ${options.action} to ${where}`,
          '',
          ...safe.map(formatItem).filter((text) => text !== ''),
          ...(batchSize !== undefined ? [batchSummary(batchSize, failures)] : [])
        ].join('\n')
    const errors = options.json ? '' : failures.map(formatFailure).join('\n')
    return { result: safe, output, errors, exitCode: failures.length > 0 ? 1 : 0 }
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

/** `400 TWILIO_21211: Twilio error 21211: …`, with the event's number (1-based, as people count) in a batch. */
export function summarizeError(item: ErrorEntry): string {
  const where = item.eventIndex !== undefined ? `event ${item.eventIndex + 1}: ` : ''
  return `${where}${item.statusCode}${item.code ? ` ${item.code}` : ''}: ${item.message}`
}

/** The failure for stderr: the summary, then the fields it names (when they add to the message). */
function formatFailure(item: ErrorEntry): string {
  const fields = Object.entries(item.fields ?? {}).filter(([, message]) => !item.message.includes(message))
  return [`Failed: ${summarizeError(item)}`, ...fields.map(([field, message]) => `  ${field}: ${message}`)].join('\n')
}

/** The last line of a batch: how many events succeeded, and which failed (1-based). */
export function batchSummary(events: number, failures: ErrorEntry[]): string {
  const numbers = failures
    .map((item) => item.eventIndex)
    .filter((index): index is number => index !== undefined)
    .map((index) => index + 1)
    .sort((a, b) => a - b)
  // A failure without an event index failed the whole batch (for example the settings were refused).
  const failed = failures.some((item) => item.eventIndex === undefined) ? events : numbers.length
  const which =
    failed === 0 ? '' : failed === events ? ' (all)' : ` (event${numbers.length > 1 ? 's' : ''} ${numbers.join(', ')})`
  return `Batch of ${events} event${events === 1 ? '' : 's'}: ${events - failed} succeeded, ${failed} failed${which}.`
}

/** Stdout shows what was exchanged; the failure itself is said once, on stderr (formatFailure). */
function formatItem(item: SendResult[number]): string {
  if ('noRequest' in item || 'note' in item) return `${item.message}\n`
  if (!('requestError' in item)) return formatExchange(item)
  return (item.exchanges ?? []).map(formatExchange).join('\n')
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
    if (outcome.errors) process.stderr.write(`${outcome.errors}\n`)
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
