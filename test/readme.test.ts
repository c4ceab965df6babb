import { readFileSync } from 'fs'
import path from 'path'
import destination from '../src/destinations/twilio-messaging'

const readme = readFileSync(path.resolve(__dirname, '../README.md'), 'utf8')

/** Rows of a markdown table that start with a `key` cell: key → label. */
function tableRows(heading: string): Map<string, string> {
  const section = readme.split(/^#+ /m).find((part) => part.startsWith(heading))
  if (!section) throw new Error(`README has no section "${heading}"`)
  const rows = new Map<string, string>()
  for (const line of section.split('\n')) {
    const match = /^\|\s*`([^`]+)`\s*\|\s*([^|]+?)\s*\|/.exec(line)
    if (match) rows.set(match[1], match[2].trim())
  }
  return rows
}

describe('README reference', () => {
  it('lists every setting with its label, and nothing else', () => {
    const fields = destination.authentication?.fields ?? {}
    const rows = tableRows('Settings')
    expect([...rows.keys()].sort()).toEqual(Object.keys(fields).sort())
    for (const [key, field] of Object.entries(fields)) expect(rows.get(key)).toBe(field.label)
  })

  it('lists every field of Send message with its label, and nothing else', () => {
    const fields = destination.actions.sendMessage.fields
    const rows = tableRows('The "Send message" action')
    expect([...rows.keys()].sort()).toEqual(Object.keys(fields).sort())
    for (const [key, field] of Object.entries(fields)) expect(rows.get(key)).toBe(field.label)
  })
})
