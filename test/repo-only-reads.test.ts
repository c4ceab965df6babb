// The guard that keeps `npm ci && npm test` working in a clone with nothing beside it (docs/testing.md).
import fs from 'fs'
import os from 'os'
import path from 'path'
import { execFileSync } from 'child_process'
import { REPO_ROOT, takeViolations } from './helpers/repo-only-reads'

// Where the team's Twilio OpenAPI excerpts sit on its own machines, beside the repository: never in a user's clone.
const SHARED_SPEC = path.join(REPO_ROOT, '..', 'shared', 'twilio-oai', 'twilio_api_v2010.messaging.json')

afterEach(() => {
  // The refusals below are on purpose; the suite-level check must not count them.
  takeViolations()
})

describe('reads outside the repository', () => {
  it.each([
    ['fs.readFileSync', () => fs.readFileSync(SHARED_SPEC, 'utf8')],
    ['fs.existsSync', () => fs.existsSync(path.dirname(SHARED_SPEC))],
    ['fs.statSync', () => fs.statSync(path.dirname(SHARED_SPEC))],
    ['fs.readdirSync', () => fs.readdirSync(path.dirname(SHARED_SPEC))],
    ['fs.createReadStream', () => fs.createReadStream(SHARED_SPEC)],
    ['fs.openSync', () => fs.openSync(SHARED_SPEC, 'r')],
    ['fs.readFileSync (relative path)', () => fs.readFileSync(path.relative(process.cwd(), SHARED_SPEC))],
    ['fs.readFileSync (file URL)', () => fs.readFileSync(new URL(`file://${SHARED_SPEC}`))],
    ['fs.readFileSync (home directory)', () => fs.readFileSync(path.join(os.homedir(), '.npmrc'))]
  ])('%s of ../shared or the home directory is refused, naming the path', (_call, read) => {
    expect(read).toThrow(/a test read a file outside the repository/)
    const refused = takeViolations()
    expect(refused).toHaveLength(1)
    expect(refused[0]).toContain(path.sep)
    expect(refused[0]).not.toContain(`(${REPO_ROOT}${path.sep}`)
  })

  it('is refused through fs.promises too', async () => {
    await expect(fs.promises.readFile(SHARED_SPEC)).rejects.toThrow(/outside the repository/)
    await expect(fs.promises.readdir(path.dirname(SHARED_SPEC))).rejects.toThrow(/outside the repository/)
    expect(takeViolations()).toHaveLength(2)
  })

  it('is recorded even when the code under test catches the error, so the suite still fails', () => {
    try {
      fs.readFileSync(SHARED_SPEC)
    } catch {
      // a test that falls back quietly when ../shared is missing
    }
    expect(takeViolations()).toEqual([expect.stringContaining(SHARED_SPEC)])
  })
})

describe('reads that stay allowed', () => {
  it('files of the repository, its node_modules included', () => {
    expect(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).name).toBe(
      'twilio-messaging-destination'
    )
    expect(fs.existsSync(path.join(REPO_ROOT, 'node_modules', '@twilio-alpha', 'mcp', 'package.json'))).toBe(true)
    expect(takeViolations()).toEqual([])
  })

  it('files a test writes in the temp directory', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repo-only-reads-'))
    fs.writeFileSync(path.join(dir, 'event.json'), '{}')
    expect(fs.readFileSync(path.join(dir, 'event.json'), 'utf8')).toBe('{}')
    fs.rmSync(dir, { recursive: true })
    expect(takeViolations()).toEqual([])
  })
})

describe('the project itself', () => {
  it('names no path beside the repository in any tracked file that runs (tests, sources, scripts, CI)', () => {
    const tracked = execFileSync('git', ['ls-files', 'src', 'test', 'scripts', 'bench', '.ci', 'jest.config.js'], {
      cwd: REPO_ROOT,
      encoding: 'utf8'
    })
      .split('\n')
      .filter((file) => file !== '' && file !== 'test/repo-only-reads.test.ts')
    expect(tracked.length).toBeGreaterThan(20)
    const sharedDir = ['..', 'shared'].join('/')
    const offenders = tracked.filter((file) => {
      const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')
      return (
        text.includes(`${sharedDir}/`) ||
        text.includes(`'${sharedDir}'`) ||
        /['"]shared['"]\s*,\s*['"]twilio-oai/.test(text)
      )
    })
    expect(offenders).toEqual([])
  })
})
