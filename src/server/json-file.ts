// Reading the JSON files a user names on the command line: relative paths from the directory the command was run
// in (npm runs scripts from the package root and keeps that directory in INIT_CWD), the resolved path shown when
// the file is missing, and the line and column of a JSON syntax error.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ConfigError } from './config-error'

/** The directory the user ran the command in: npm's INIT_CWD under `npm run`/`npm start`, else the process's. */
export function userDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env.INIT_CWD || process.cwd()
}

/** Reads and parses `file` (relative to `baseDir`); a ConfigError says what went wrong and where. */
export function readJsonFile(file: string, what: string, baseDir: string = userDirectory()): unknown {
  const resolved = path.resolve(baseDir, file)
  const shown = resolved === file ? file : `${file} (${resolved})`
  let text: string
  try {
    text = readFileSync(resolved, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') {
      const where = resolved === file ? '' : `: looked for ${resolved}`
      throw new ConfigError(`The ${what} file ${file} does not exist${where}.`)
    }
    if (code === 'EISDIR') throw new ConfigError(`The ${what} file ${shown} is a directory; name a JSON file.`)
    throw new ConfigError(`Cannot read the ${what} file ${shown}: ${code ?? (error as Error).message}.`)
  }
  // Editors on Windows may save a byte order mark, which JSON.parse refuses.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  try {
    return JSON.parse(text)
  } catch (error) {
    const { line, column } = lineAndColumn(text, jsonErrorOffset(text))
    const reason = (error as Error).message
      .replace(/ in JSON at position \d+.*$/s, '')
      .replace(/, ".*" is not valid JSON$/s, '')
    const source = text.split('\n')[line - 1] ?? ''
    const start = Math.max(0, column - 60)
    throw new ConfigError(
      [
        `The ${what} file ${shown} is not valid JSON: line ${line}, column ${column}: ${reason}.`,
        `  ${source.slice(start, start + 100).replace(/\t/g, ' ')}`,
        `  ${' '.repeat(column - 1 - start)}^`
      ].join('\n')
    )
  }
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 }
}

/**
 * The offset of the first character that makes `text` invalid JSON (RFC 8259), or -1 when it is valid.
 * JSON.parse of Node 20 gives a position for only some errors, so the text is scanned again to find it.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0
  const fail = (): never => {
    throw new JsonSyntaxAt(i)
  }
  const space = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++
  }
  const word = (expected: string) => {
    for (const char of expected) {
      if (text[i] !== char) fail()
      i++
    }
  }
  const string = () => {
    i++
    while (i < text.length) {
      const char = text[i]
      if (char === '"') {
        i++
        return
      }
      if (char < ' ') fail()
      if (char !== '\\') {
        i++
        continue
      }
      i++
      if (text[i] === 'u') {
        i++
        for (let n = 0; n < 4; n++) {
          if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail()
          i++
        }
      } else if ('"\\/bfnrt'.includes(text[i] ?? 'x')) i++
      else fail()
    }
    fail()
  }
  const digit = () => text[i] !== undefined && text[i] >= '0' && text[i] <= '9'
  const digits = () => {
    if (!digit()) fail()
    while (digit()) i++
  }
  const number = () => {
    if (text[i] === '-') i++
    if (text[i] === '0') i++
    else digits()
    if (text[i] === '.') {
      i++
      digits()
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++
      if (text[i] === '+' || text[i] === '-') i++
      digits()
    }
  }
  const members = (close: string, member: () => void) => {
    i++
    space()
    if (text[i] === close) {
      i++
      return
    }
    for (;;) {
      member()
      space()
      if (text[i] === ',') {
        i++
        continue
      }
      if (text[i] === close) {
        i++
        return
      }
      fail()
    }
  }
  const value = (): void => {
    space()
    const char = text[i]
    if (char === '{') {
      members('}', () => {
        space()
        if (text[i] !== '"') fail()
        string()
        space()
        if (text[i] !== ':') fail()
        i++
        value()
      })
    } else if (char === '[') members(']', value)
    else if (char === '"') string()
    else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) number()
    else if (char === 't') word('true')
    else if (char === 'f') word('false')
    else if (char === 'n') word('null')
    else fail()
  }
  try {
    value()
    space()
    if (i < text.length) fail()
    return -1
  } catch (error) {
    if (error instanceof JsonSyntaxAt) return Math.min(error.offset, text.length)
    throw error
  }
}

class JsonSyntaxAt {
  constructor(readonly offset: number) {}
}
