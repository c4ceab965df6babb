// CPU time of the JavaScript thread alone and of the whole process (all threads: V8's GC and compiler helpers,
// libuv's pool), read from Linux's /proc: /proc/self/task/<tid>/stat for one thread, /proc/self/stat for the
// process, fields 14 and 15 (utime, stime) in clock ticks (proc(5)). Node's main thread is the task whose id is
// the process id. Elsewhere only the process total exists (process.cpuUsage), and the JavaScript thread's figure
// is reported as unavailable rather than guessed.
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

const JS_THREAD_STAT = `/proc/self/task/${process.pid}/stat`
const PROCESS_STAT = '/proc/self/stat'
const hasProc = (() => {
  try {
    readFileSync(JS_THREAD_STAT, 'utf8')
    return true
  } catch {
    return false
  }
})()
const usPerTick = hasProc ? 1e6 / clockTicksPerSecond() : 0

/** utime + stime of a stat file, in ticks. The command name (field 2) may hold spaces, so fields count from ')'. */
function statTicks(path: string): number {
  const text = readFileSync(path, 'utf8')
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  return Number(fields[11]) + Number(fields[12])
}

export const cpuSource = hasProc
  ? `/proc/self/task/<tid>/stat and /proc/self/stat (utime+stime, ${usPerTick / 1000} ms ticks)`
  : 'process.cpuUsage() (all threads only: no /proc on this platform)'

/** The resolution of one reading, in microseconds. */
export const cpuResolutionUs = hasProc ? usPerTick : 1

export function cpuSample(): CpuSample {
  if (!hasProc) {
    const usage = process.cpuUsage()
    return { jsUs: Number.NaN, allUs: usage.user + usage.system }
  }
  return { jsUs: statTicks(JS_THREAD_STAT) * usPerTick, allUs: statTicks(PROCESS_STAT) * usPerTick }
}

export function cpuSince(start: CpuSample): CpuSample {
  const now = cpuSample()
  return { jsUs: now.jsUs - start.jsUs, allUs: now.allUs - start.allUs }
}
