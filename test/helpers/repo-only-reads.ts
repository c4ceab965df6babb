// A guard in every jest suite (jest.config.js setupFilesAfterEnv): reading, listing or probing a file outside this
// repository fails the read and the suite. A user's clone has nothing beside it (no ../shared), so a test that
// reads there passes only on this team's machines. Allowed outside the repository: the temp directory (files a test
// writes itself) and the system directories where Debian installs chromium and where playwright probes the system.
import fs from 'fs'
import os from 'os'
import path from 'path'
import { fileURLToPath } from 'url'

export const REPO_ROOT = path.resolve(__dirname, '..', '..')

const ALLOWED_ROOTS = [
  REPO_ROOT,
  os.tmpdir(),
  safeRealpath(os.tmpdir()),
  '/usr',
  '/etc',
  '/proc',
  '/sys',
  '/dev',
  '/run'
]

function safeRealpath(dir: string): string {
  try {
    return fs.realpathSync(dir)
  } catch {
    return dir
  }
}

interface GuardState {
  violations: string[]
}

const STATE_KEY = Symbol.for('twilio-messaging.repo-only-reads')
type GuardedFs = typeof fs & { [STATE_KEY]?: GuardState }

/** The absolute path a fs call names, or undefined for file descriptors. */
function pathOf(target: unknown): string | undefined {
  if (typeof target === 'string') return path.resolve(target)
  if (Buffer.isBuffer(target)) return path.resolve(target.toString())
  if (target instanceof URL && target.protocol === 'file:') return fileURLToPath(target)
  return undefined
}

/**
 * Folders beside the repository that only this team's machines have: refused even where an allowed root holds them
 * (a clone under the temp directory has its `../shared` inside the temp directory).
 */
const TEAM_ONLY_SIBLINGS = [path.join(path.dirname(REPO_ROOT), 'shared')]

const isUnder = (absolute: string, root: string): boolean => absolute === root || absolute.startsWith(root + path.sep)

export function isInsideAllowedRoots(absolute: string): boolean {
  if (TEAM_ONLY_SIBLINGS.some((sibling) => isUnder(absolute, sibling))) return false
  return ALLOWED_ROOTS.some((root) => isUnder(absolute, root))
}

function check(state: GuardState, target: unknown, call: string): void {
  const absolute = pathOf(target)
  if (absolute === undefined || isInsideAllowedRoots(absolute)) return
  const message =
    `${call}(${absolute}): a test read a file outside the repository (${REPO_ROOT}). ` +
    "A user's clone has nothing beside it: take the file from an npm package or ship it in the repository " +
    '(docs/testing.md).'
  state.violations.push(message)
  throw new Error(message)
}

const SYNC_AND_CALLBACK = [
  'readFileSync',
  'readFile',
  'openSync',
  'open',
  'createReadStream',
  'readdirSync',
  'readdir',
  'opendirSync',
  'opendir',
  'existsSync',
  'exists',
  'statSync',
  'stat',
  'lstatSync',
  'lstat',
  'accessSync',
  'access'
] as const
const PROMISES = ['readFile', 'open', 'readdir', 'opendir', 'stat', 'lstat', 'access'] as const

/** Wraps fs once per worker process (node's fs is shared by every suite a worker runs). */
export function installRepoOnlyReads(): GuardState {
  const guarded = fs as GuardedFs
  const existing = guarded[STATE_KEY]
  if (existing) return existing
  const state: GuardState = { violations: [] }
  const target = fs as unknown as Record<string, (...args: unknown[]) => unknown>
  for (const name of SYNC_AND_CALLBACK) {
    const original = target[name]
    target[name] = function guardedCall(this: unknown, ...args: unknown[]) {
      check(state, args[0], `fs.${name}`)
      return original.apply(this, args)
    }
  }
  const promises = fs.promises as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>
  for (const name of PROMISES) {
    const original = promises[name]
    promises[name] = async function guardedCall(this: unknown, ...args: unknown[]) {
      check(state, args[0], `fs.promises.${name}`)
      return original.apply(this, args)
    }
  }
  guarded[STATE_KEY] = state
  return state
}

/** The reads refused since the last call (a refused read may have been caught by the code under test). */
export function takeViolations(): string[] {
  const state = installRepoOnlyReads()
  return state.violations.splice(0, state.violations.length)
}
