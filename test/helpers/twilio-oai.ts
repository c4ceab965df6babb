// Where Twilio's OpenAPI spec comes from: the twilio-oai `spec/json/*.json` files that Twilio's own npm package
// @twilio-alpha/mcp ships (pinned exactly in package.json; see docs/testing.md), read from node_modules so a clone
// needs nothing beside it. The files are never copied into the project.
import { readFileSync } from 'fs'
import path from 'path'

export const TWILIO_OAI_PACKAGE = '@twilio-alpha/mcp'

/** `node_modules/@twilio-alpha/mcp/twilio-oai/spec/json`, found the way Node finds the package. */
export const TWILIO_OAI_DIR = path.join(
  path.dirname(require.resolve(`${TWILIO_OAI_PACKAGE}/package.json`)),
  'twilio-oai',
  'spec',
  'json'
)

export type TwilioSpecFile =
  'twilio_api_v2010.json' | 'twilio_content_v1.json' | 'twilio_messaging_v1.json' | 'twilio_messaging_v2.json'

const loaded = new Map<TwilioSpecFile, Record<string, unknown>>()

/** One spec file, parsed once per test file. */
export function readTwilioSpec(file: TwilioSpecFile): Record<string, unknown> {
  let spec = loaded.get(file)
  if (!spec) {
    spec = JSON.parse(readFileSync(path.join(TWILIO_OAI_DIR, file), 'utf8')) as Record<string, unknown>
    loaded.set(file, spec)
  }
  return spec
}
