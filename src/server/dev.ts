// `npm run dev`: `npm start` (same flags) that restarts whenever a file under src/ changes, as `actions-cli serve`
// does. This process stays up across restarts and holds what must not change: the live-reload socket on PORT+1
// (it sends `change` after each restart, for Segment's hosted Actions Tester and the tester page) and the ports,
// chosen once, so the URLs the banner printed stay true (the emulator's too; its messages start empty again).
import { fork, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import path from 'node:path'
import { watch, type FSWatcher } from 'chokidar'
import { ConfigError } from './config'
import { LIVE_RELOAD_PORT_ENV, startLiveReload, type LiveReload } from './live-reload'
import { parseStartArgs } from './start'

/** What the dev server process sends its supervisor once both servers listen (see start.ts `main`). */
export interface ReadyMessage {
  type: 'dev-server-ready'
  url: string
  emulatorUrl?: string
}

export interface DevOptions {
  /** `npm start`'s flags, as typed after `npm run dev --`. */
  argv: string[]
  env?: NodeJS.ProcessEnv
  /** Files or folders to watch. Default: src/. */
  watch?: string[]
  /** Never restart for these (default: the tester page's assets, which are read from disk on every request). */
  ignore?: string[]
  /** Quiet time after the last change before restarting (editors write a file in several steps). */
  debounceMs?: number
  out?: (line: string) => void
  /** The dev server's own output: shown (default), or dropped (tests). */
  childOutput?: 'inherit' | 'ignore'
}

export interface DevSupervisor {
  port: number
  emulatorPort?: number
  liveReload: LiveReload
  /** Resolves when the running dev server said it listens, with how many times it has started. */
  ready(): Promise<number>
  /** Stops the dev server, the watcher and the socket. */
  stop(): Promise<void>
  /** Resolves with an exit code when the first start fails (bad flags, a busy port): there is nothing to restart. */
  failed: Promise<number>
}

const SOURCE_DIR = path.resolve(__dirname, '..')
const PUBLIC_DIR = path.join(__dirname, 'public')

/** A free loopback port P whose P+1 is free too (the live-reload socket's port). */
export async function freePortPair(attempts = 20): Promise<number> {
  for (let i = 0; i < attempts; i++) {
    const port = await listenBriefly(0)
    if (
      port < 65535 &&
      (await listenBriefly(port + 1).then(
        () => true,
        () => false
      ))
    )
      return port
  }
  throw new Error('Found no free pair of ports on 127.0.0.1: pass --port <port>.')
}

function listenBriefly(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      const chosen = (server.address() as { port: number }).port
      server.close(() => resolve(chosen))
    })
  })
}

export async function startDev(options: DevOptions): Promise<DevSupervisor> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`))
  const flags = parseStartArgs(options.argv, options.env ?? process.env)
  const port = flags.port === 0 ? await freePortPair() : flags.port
  if (port >= 65535) throw new ConfigError(`--port must leave room for the live-reload socket on port+1 (got ${port}).`)
  // The emulator `npm start` runs gets a port chosen once; none when it is told to use one the user runs.
  const external = (flags as { emulatorUrl?: string }).emulatorUrl
  const emulatorPort = flags.live || external ? undefined : flags.emulatorPort || (await listenBriefly(0))
  let liveReload: LiveReload
  try {
    liveReload = await startLiveReload({ port: port + 1, devServerPort: port })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    throw new ConfigError(
      `Port ${port + 1} (the live-reload socket, always the dev server's port + 1) is already in use: pass --port <port>.`
    )
  }
  const childArgs = [
    ...options.argv,
    '--port',
    String(port),
    ...(emulatorPort !== undefined ? ['--emulator-port', String(emulatorPort)] : [])
  ]

  let child: ChildProcess | undefined
  /** Children this process stopped on purpose: their exit is a restart, not a crash. */
  const stoppedOnPurpose = new WeakSet<ChildProcess>()
  let starts = 0
  let stopping = false
  let readyWaiters: Array<(starts: number) => void> = []
  let isReady = false
  let reportFailure: (code: number) => void = () => undefined
  const failed = new Promise<number>((resolve) => (reportFailure = resolve))

  const spawnChild = (): ChildProcess => {
    const entry = path.join(__dirname, `start${path.extname(__filename)}`)
    const execArgv = entry.endsWith('.ts') ? ['-r', require.resolve('ts-node/register/transpile-only')] : []
    const output = options.childOutput ?? 'inherit'
    const started = fork(entry, childArgs, {
      env: { ...(options.env ?? process.env), [LIVE_RELOAD_PORT_ENV]: String(liveReload.port) },
      execArgv,
      stdio: [output, output, output, 'ipc']
    })
    starts++
    isReady = false
    const thisStart = starts
    started.on('message', (message: Partial<ReadyMessage>) => {
      if (message?.type !== 'dev-server-ready') return
      isReady = true
      if (thisStart > 1) {
        const told = liveReload.notifyChange()
        out(`[dev] Reloaded: ${message.url} (sent "change" to ${told} live-reload client${told === 1 ? '' : 's'})`)
      }
      readyWaiters.forEach((resolve) => resolve(thisStart))
      readyWaiters = []
    })
    started.once('exit', (code, signal) => {
      if (child === started) child = undefined
      if (stopping || stoppedOnPurpose.has(started)) return
      if (thisStart === 1 && !isReady) return reportFailure(code ?? 1)
      out(`[dev] The dev server stopped (${signal ?? `exit code ${code}`}); it starts again on the next change.`)
    })
    return started
  }

  const stopChild = async (): Promise<void> => {
    const running = child
    if (!running || running.exitCode !== null || running.signalCode !== null) return
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()))
    stoppedOnPurpose.add(running)
    running.kill('SIGTERM')
    const timer = setTimeout(() => running.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }

  // One restart at a time; changes during a restart lead to one more.
  let restarting: Promise<void> = Promise.resolve()
  const restart = (reason: string) => {
    restarting = restarting.then(async () => {
      if (stopping) return
      out(`[dev] Restarting: ${reason}`)
      await stopChild()
      if (!stopping) child = spawnChild()
    })
    return restarting
  }

  const ignored = (options.ignore ?? [PUBLIC_DIR]).map((item) => path.resolve(item))
  const watcher: FSWatcher = watch(options.watch ?? [SOURCE_DIR], {
    ignoreInitial: true,
    ignored: (file: string) => ignored.some((item) => file === item || file.startsWith(`${item}${path.sep}`))
  })
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()))
  let timer: NodeJS.Timeout | undefined
  watcher.on('all', (event, file) => {
    clearTimeout(timer)
    timer = setTimeout(
      () => void restart(`${path.relative(process.cwd(), file)} ${event === 'unlink' ? 'removed' : 'changed'}`),
      options.debounceMs ?? 200
    )
  })

  child = spawnChild()

  return {
    port,
    emulatorPort,
    liveReload,
    ready: () => (isReady && child ? Promise.resolve(starts) : new Promise((resolve) => readyWaiters.push(resolve))),
    failed,
    async stop() {
      stopping = true
      clearTimeout(timer)
      await watcher.close()
      await restarting
      await stopChild()
      await liveReload.close()
    }
  }
}

/** The `npm run dev` process. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<DevSupervisor | undefined> {
  let supervisor: DevSupervisor
  try {
    supervisor = await startDev({ argv })
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'commander.helpDisplayed' || code === 'commander.help' || code === 'commander.version') return
    if (!code?.startsWith('commander.')) process.stderr.write(`${(error as Error).message}\n`)
    process.exitCode = error instanceof ConfigError || code?.startsWith('commander.') ? 2 : 1
    return
  }
  process.stdout.write(
    `[dev] Live reload ${supervisor.liveReload.url} sends "change" after each restart (Segment's Actions Tester and the tester page listen). Watching src/.\n`
  )
  const stop = () => void supervisor.stop().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  void supervisor.failed.then(async (code) => {
    await supervisor.stop()
    process.exit(code)
  })
  return supervisor
}

if (require.main === module) {
  void main()
}
