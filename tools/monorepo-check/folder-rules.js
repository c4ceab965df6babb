// Fails when the destination folder imports a package that Segment's monorepo does not declare for destinations
// (destination-actions' package.json; see docs/monorepo.md), a Node module (`net`, `node:crypto`, ...: none is
// declared there either), or reads the environment. tsc and jest resolve from this
// project's node_modules, which holds much more (express, twilio, p-limit through jest, ...), so without this an
// undeclared import passes. `process.env` is refused anywhere in the folder, tests included: Segment's runtime has no
// per-destination environment, and the dev tools steer the destination from outside (src/twilio-target.ts).
const fs = require('fs')
const path = require('path')

const DECLARED = new Set([
  '@segment/actions-core',
  '@segment/actions-shared',
  'lodash',
  'dayjs',
  'liquidjs',
  'lru-cache',
  'google-libphonenumber',
  'cheerio',
  'aws4',
  'escape-goat',
  'nock'
])
// `process.env`, `process['env']`, and `const { env } = process` (destructuring, with or without a rename).
const ENVIRONMENT =
  /\bprocess\s*(?:\.\s*env\b|\[\s*['"]env['"]\s*\])|\{[^{}]*\benv\b[^{}]*\}\s*=\s*(?:global(?:This)?\.)?process\b/g
const SPECIFIER = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)'([^'.][^']*)'/g

const packageName = (specifier) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]

function* typescriptFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* typescriptFiles(full)
    else if (entry.name.endsWith('.ts')) yield full
  }
}

const folder = process.argv[2]
const problems = []
for (const file of typescriptFiles(folder)) {
  for (const match of fs.readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
    const specifier = match[1]
    if (DECLARED.has(packageName(specifier))) continue
    problems.push(`${path.relative(process.cwd(), file)}: imports '${specifier}', which the monorepo does not declare`)
  }
  const text = fs.readFileSync(file, 'utf8')
  for (const match of text.matchAll(ENVIRONMENT)) {
    const line = text.slice(0, match.index).split('\n').length
    problems.push(
      `${path.relative(process.cwd(), file)}:${line}: reads process.env; steer the destination from outside`
    )
  }
}
if (problems.length > 0) {
  console.error(`The destination folder breaks the monorepo's rules:\n${problems.join('\n')}`)
  process.exit(1)
}
console.log(`${folder}: only relative files and the monorepo's declared packages; no process.env.`)
