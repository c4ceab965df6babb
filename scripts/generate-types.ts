// Writes the destination's and each action's generated-types.ts the way Segment's CLI does:
// fieldsToJsonSchema(fields, { tsType: true }) compiled by json-schema-to-typescript under the standard banner, and
// the folder's metadata.json (scripts/metadata.ts), which Segment's monorepo CI requires up to date.
// With --check it writes nothing and exits 1 when a file is stale, so `npm test` catches forgotten regeneration.
import { fieldsToJsonSchema } from '@segment/actions-core'
import type { DestinationDefinition } from '@segment/actions-core'
import { compile } from 'json-schema-to-typescript'
import { format, resolveConfig } from 'prettier'
import { existsSync, readFileSync, writeFileSync } from 'fs'
import path from 'path'
import destination from '../src/destinations/twilio-messaging'
import { metadataText } from './metadata'

const BANNER = '// Generated file. DO NOT MODIFY IT BY HAND.'
const destinationDir = path.resolve(__dirname, '../src/destinations/twilio-messaging')

type Schema = ReturnType<typeof fieldsToJsonSchema>

/** Titles (the labels) would become named type aliases; Segment's types keep every property inline. */
function withoutTitles(schema: Schema): Schema {
  const copy: Schema = { ...schema }
  delete copy.title
  if (copy.properties) {
    copy.properties = Object.fromEntries(
      Object.entries(copy.properties).map(([key, value]) => [key, withoutTitles(value)])
    )
  }
  if (copy.items && !Array.isArray(copy.items)) copy.items = withoutTitles(copy.items)
  return copy
}

async function render(fields: Parameters<typeof fieldsToJsonSchema>[0], name: string, file: string): Promise<string> {
  const schema = withoutTitles(fieldsToJsonSchema(fields, { tsType: true }))
  const types = await compile(schema, name, {
    bannerComment: BANNER,
    format: false,
    strictIndexSignatures: false
  })
  const options = (await resolveConfig(file)) ?? {}
  return format(types, { ...options, parser: 'typescript' })
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check')
  const definition = destination as DestinationDefinition<unknown>
  const targets: Array<{ file: string; content: string }> = []

  const settingsFile = path.join(destinationDir, 'generated-types.ts')
  const settingsFields = definition.authentication?.fields ?? {}
  targets.push({ file: settingsFile, content: await render(settingsFields, 'Settings', settingsFile) })

  for (const [key, action] of Object.entries(definition.actions)) {
    const file = path.join(destinationDir, key, 'generated-types.ts')
    targets.push({ file, content: await render(action.fields, 'Payload', file) })
  }

  targets.push({ file: path.join(destinationDir, 'metadata.json'), content: metadataText(definition) })

  const stale = targets.filter(({ file, content }) => !existsSync(file) || readFileSync(file, 'utf8') !== content)
  if (check) {
    if (stale.length > 0) {
      console.error(`Stale generated files: ${stale.map((t) => path.relative(process.cwd(), t.file)).join(', ')}`)
      console.error('Run `npm run types` and commit the result.')
      process.exit(1)
    }
    console.log(`Generated types and metadata are up to date (${targets.length} files).`)
    return
  }
  for (const { file, content } of stale) writeFileSync(file, content)
  console.log(`Wrote ${stale.length} of ${targets.length} generated files.`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
