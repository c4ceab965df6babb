// CPU time of the JavaScript thread alone and of the whole process (all threads: V8's GC and compiler helpers,
// libuv's pool).
// - JavaScript thread: Linux's /proc/self/task/<tid>/schedstat, whose first field is the time the thread has run
//   on a CPU, in nanoseconds (kernel docs, scheduler/sched-stats.rst). Node's main thread is the task whose id is
//   the process id. Where schedstat is missing (kernel without CONFIG_SCHED_INFO), the same task's stat file
//   (utime + stime, fields 14 and 15 of proc(5), in clock ticks of usually 10 ms) is used instead.
// - All threads: process.cpuUsage() (getrusage(RUSAGE_SELF): every thread of the process), in microseconds.
// Elsewhere than Linux the JavaScript thread's figure is reported as unavailable rather than guessed.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

export interface CpuSample {
  /** Microseconds of CPU used by the JavaScript (main) thread, or NaN where /proc is missing. */
  jsUs: number
  /** Microseconds of CPU used by all threads of the process. */
  allUs: number
}

/** Clock ticks per second (USER_HZ): 100 on every Linux ABI Node runs on; getconf confirms it where present. */
function clockTicksPerSecond(): number {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim())
    return Number.isFinite(value) && value > 0 ? value : 100
  } catch {
    return 100
  }
}

const JS_THREAD_SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`
const JS_THREAD_STAT = `/proc/self/task/${process.pid}/stat`

const readable = (path: string) => {
  try {
    readFileSync(path, 'utf8')
    return true
  } catch {
    return false
  }
}

type Source = 'schedstat' | 'stat' | 'none'
const source: Source = readable(JS_THREAD_SCHEDSTAT) ? 'schedstat' : readable(JS_THREAD_STAT) ? 'stat' : 'none'
const usPerTick = source === 'stat' ? 1e6 / clockTicksPerSecond() : 0
let ticksPerSecond: number | undefined

/** utime + stime of a stat file, in ticks. The command name (field 2) may hold spaces, so fields count from ')'. */
function statTicks(path: string): number {
  const text = readFileSync(path, 'utf8')
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  return Number(fields[11]) + Number(fields[12])
}

function jsThreadUs(): number {
  if (source === 'schedstat') return Number(readFileSync(JS_THREAD_SCHEDSTAT, 'utf8').split(' ')[0]) / 1000
  if (source === 'stat') return statTicks(JS_THREAD_STAT) * usPerTick
  return Number.NaN
}

export const cpuSource = {
  schedstat: 'JavaScript thread: /proc/self/task/<tid>/schedstat (ns); all threads: process.cpuUsage() (µs)',
  stat: `JavaScript thread: /proc/self/task/<tid>/stat (${usPerTick / 1000} ms ticks); all threads: process.cpuUsage()`,
  none: 'process.cpuUsage() (all threads only: no /proc on this platform)'
}[source]

/** The resolution of one JavaScript-thread reading, in microseconds. */
export const cpuResolutionUs = source === 'stat' ? usPerTick : 1

/**
 * Microseconds of CPU used by all threads of another process (the emulator's), from its /proc/<pid>/stat (utime +
 * stime, in clock ticks of usually 10 ms, so a reading is only as good as a tick); NaN where /proc is missing.
 */
export function processCpuUs(pid: number): number {
  try {
    ticksPerSecond ??= clockTicksPerSecond()
    return (statTicks(`/proc/${pid}/stat`) * 1e6) / ticksPerSecond
  } catch {
    return Number.NaN
  }
}

export function cpuSample(): CpuSample {
  const usage = process.cpuUsage()
  return { jsUs: jsThreadUs(), allUs: usage.user + usage.system }
}

export function cpuSince(start: CpuSample): CpuSample {
  const now = cpuSample()
  return { jsUs: now.jsUs - start.jsUs, allUs: now.allUs - start.allUs }
}
