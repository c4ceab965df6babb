// docs/monorepo.md and docs/dev-server.md against the code (issue 21): the layout names every module of the
// destination folder and no module that does not exist, the move deletes the live folder before copying, the
// monorepo's Prettier settings are where the monorepo keeps them, and nock is the version its lock resolves.
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(__dirname, '..')
const read = (file: string) => readFileSync(path.join(root, file), 'utf8')
const monorepo = read('docs/monorepo.md')
const folder = 'src/destinations/twilio-messaging'

/** The file names in the layout block of docs/monorepo.md. */
function layoutNames(): Set<string> {
  const block = /```\n(src\/destinations\/twilio-messaging\/[\s\S]*?)```/.exec(monorepo)?.[1] ?? ''
  return new Set([...block.matchAll(/([\w-]+\.(?:ts|json))/g)].map((match) => match[1]))
}

test('the layout names every module of the folder, and only modules that exist', () => {
  const named = layoutNames()
  const modules = [folder, `${folder}/twilio`, `${folder}/sendMessage`].flatMap((dir) =>
    readdirSync(path.join(root, dir)).filter((name) => /\.(ts|json)$/.test(name))
  )
  expect(modules.filter((name) => name !== 'index.ts' && !named.has(name))).toEqual([])
  expect([...named].filter((name) => !modules.includes(name))).toEqual([])
  expect(monorepo).not.toMatch(/`concurrency\.ts`/)
})

test('the move deletes the live folder first; the Prettier settings and the nock version are the monorepo’s', () => {
  expect(monorepo).toMatch(/1\. Delete the live destination's folder first/)
  expect(monorepo).not.toMatch(/Segment's settings \(`\.prettierrc\.json`\)/)
  expect(monorepo).toMatch(/`prettier` key of its root `package\.json`/)
  const tools = JSON.parse(read('tools/monorepo-check/package.json'))
  const lock = JSON.parse(read('tools/monorepo-check/package-lock.json'))
  expect(tools.devDependencies.nock).toBe('13.1.4')
  expect(lock.packages['node_modules/nock'].version).toBe('13.1.4')
  expect(read('docs/testing.md')).not.toMatch(/13\.5\.6/)
})

test('docs/dev-server.md: the page of a dynamic field and unknown routes as the server answers them', () => {
  const devServer = read('docs/dev-server.md')
  expect(devServer).toMatch(/`page` not text or number/)
  expect(devServer).not.toMatch(/so both answer 404/)
  expect(devServer).toMatch(/`\/<action>\/on-subscription-save` for an action with `hooks`/)
})
