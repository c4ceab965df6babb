import { existsSync, readdirSync, readFileSync } from 'fs'
import path from 'path'
import destination from '../src/destinations/twilio-messaging'

const root = path.resolve(__dirname, '..')
const docsDir = path.join(root, 'docs')
const read = (file: string) => readFileSync(file, 'utf8')
const readmePath = path.join(root, 'README.md')
const docPages = readdirSync(docsDir)
  .filter((name) => name.endsWith('.md'))
  .map((name) => path.join(docsDir, name))

/** Rows of a markdown table that start with a `key` cell, in the section under `heading`: key → label. */
function tableRows(markdown: string, heading: string): Map<string, string> {
  const section = markdown.split(/^#+ /m).find((part) => part.startsWith(heading))
  if (!section) throw new Error(`no section "${heading}"`)
  const rows = new Map<string, string>()
  for (const line of section.split('\n')) {
    const match = /^\|\s*`([^`]+)`\s*\|\s*([^|]+?)\s*\|/.exec(line)
    if (match) rows.set(match[1], match[2].trim())
  }
  return rows
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const found = new Set<string>()
  for (const match of markdown.replace(/```[\s\S]*?```/g, '').matchAll(/^#+\s+(.+)$/gm)) {
    found.add(
      match[1]
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-')
    )
  }
  return found
}

/** Relative links and images of a markdown file (code blocks and spans left out), e.g. `docs/fields.md#settings`. */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '')
  return [...prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)]
    .map((match) => match[1])
    .filter((target) => !/^[a-z]+:/i.test(target))
}

/** Every relative link of a file that does not resolve to a file (and heading, when it has an anchor). */
function brokenLinks(file: string): string[] {
  const broken: string[] = []
  for (const link of relativeLinks(read(file))) {
    const [target, anchor] = link.split('#')
    const resolved = target === '' ? file : path.resolve(path.dirname(file), target)
    if (!existsSync(resolved)) broken.push(`${link} (no file ${path.relative(root, resolved)})`)
    else if (anchor && resolved.endsWith('.md') && !anchors(read(resolved)).has(anchor)) {
      broken.push(`${link} (no heading #${anchor} in ${path.relative(root, resolved)})`)
    }
  }
  return broken
}

describe('docs/fields.md reference', () => {
  const fieldsPage = read(path.join(docsDir, 'fields.md'))

  it('lists every setting with its label, and nothing else', () => {
    const fields = destination.authentication?.fields ?? {}
    const rows = tableRows(fieldsPage, 'Settings')
    expect([...rows.keys()].sort()).toEqual(Object.keys(fields).sort())
    for (const [key, field] of Object.entries(fields)) expect(rows.get(key)).toBe(field.label)
  })

  it('lists every field of Send message with its label, and nothing else', () => {
    const fields = destination.actions.sendMessage.fields
    const rows = tableRows(fieldsPage, 'The "Send message" action')
    expect([...rows.keys()].sort()).toEqual(Object.keys(fields).sort())
    for (const [key, field] of Object.entries(fields)) expect(rows.get(key)).toBe(field.label)
  })

  it('gives the rules of every field of Send message', () => {
    const rules = fieldsPage.split(/^### Rules of each field$/m)[1]?.split(/^#+ /m)[0] ?? ''
    const ruled = [...rules.matchAll(/^- `([^`]+)`:/gm)].map((match) => match[1])
    expect(ruled.sort()).toEqual(Object.keys(destination.actions.sendMessage.fields).sort())
  })
})

describe('README front page', () => {
  const readme = read(readmePath)

  it('lists every setting with its label, and nothing else', () => {
    const fields = destination.authentication?.fields ?? {}
    const rows = tableRows(readme, 'Settings')
    expect([...rows.keys()].sort()).toEqual(Object.keys(fields).sort())
    for (const [key, field] of Object.entries(fields)) expect(rows.get(key)).toBe(field.label)
  })

  it('links every docs page, and every link resolves', () => {
    const linked = new Set(
      relativeLinks(readme)
        .filter((link) => link.startsWith('docs/') && link.split('#')[0].endsWith('.md'))
        .map((link) => path.join(root, link.split('#')[0]))
    )
    expect([...linked].sort()).toEqual([...docPages].sort())
    expect(brokenLinks(readmePath)).toEqual([])
  })

  it('shows the tester page screenshot that exists', () => {
    expect(relativeLinks(readme)).toContain('docs/tester.png')
  })

  it.each(docPages.map((file) => [path.relative(root, file), file]))('%s: every link resolves', (_name, file) => {
    expect(brokenLinks(file)).toEqual([])
  })

  it.each([readmePath, ...docPages].map((file) => [path.relative(root, file), file]))(
    '%s: no table row is wider than 160 characters',
    (_name, file) => {
      const wide = read(file)
        .split('\n')
        .filter((line) => line.startsWith('|') && line.length > 160)
      expect(wide).toEqual([])
    }
  )
})

describe('the link checker itself', () => {
  it('finds a missing file and a missing heading, and ignores links in code', () => {
    expect(relativeLinks('see [a](docs/a.md#b) and `[c](d.md)`\n```\n[e](f.md)\n```\n![g](docs/g.png)')).toEqual([
      'docs/a.md#b',
      'docs/g.png'
    ])
    expect(anchors('# Batching, 429s and duplicate protection\n## The "Send message" action (`sendMessage`)')).toEqual(
      new Set(['batching-429s-and-duplicate-protection', 'the-send-message-action-sendmessage'])
    )
  })
})
