// tools/monorepo-check/folder-rules.js, run by npm run check:monorepo: the folder may import only what Segment's
// monorepo declares for destinations and its own files (no Node module: none is declared), and may not read process.env anywhere
// (Segment's runtime has no per-destination environment; the dev tools steer the destination from outside).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const SCRIPT = path.resolve(__dirname, '../tools/monorepo-check/folder-rules.js')

function check(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folder-rules-'))
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    fs.writeFileSync(path.join(dir, name), text)
  }
  const result = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' })
  fs.rmSync(dir, { recursive: true })
  return result
}

describe('folder rules: declared imports', () => {
  it('passes declared packages and relative files', () => {
    const result = check({
      'index.ts': "import { IntegrationError } from '@segment/actions-core'\nimport { LRUCache } from 'lru-cache'\n",
      'a/b.ts': "import type { Payload } from './generated-types'\nimport { helper } from '../c/d'\n",
      'a/__tests__/c.test.ts': "import nock from 'nock'\nimport { PhoneNumberUtil } from 'google-libphonenumber'\n"
    })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('only relative files')
    expect(result.stdout).toContain('no process.env')
  })

  it.each([
    ["import pLimit from 'p-limit'", 'p-limit'],
    ["import { parsePhoneNumber } from 'libphonenumber-js/max'", 'libphonenumber-js/max'],
    ["const express = require('express')", 'express'],
    ["import type { Twilio } from 'twilio'", 'twilio'],
    ["import fc from 'fast-check'", 'fast-check'],
    ["import { BlockList, isIP } from 'node:net'", 'node:net'],
    ["import path from 'path'", 'path'],
    ["const { createHash } = require('crypto')", 'crypto']
  ])('fails on %s, naming the file and the package', (line, specifier) => {
    const result = check({ 'sendMessage/x.ts': `${line}\n` })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(`sendMessage/x.ts: imports '${specifier}', which the monorepo does not declare`)
  })
})

describe('folder rules: no process.env', () => {
  it.each([
    ['sendMessage/send.ts', 'const timeout = Number(process.env.TWILIO_MESSAGING_SEND_TIMEOUT_MS)'],
    ['twilio/hosts.ts', "const base = process.env['TWILIO_MESSAGING_BASE_URL'] ?? 'https://api.twilio.com'"],
    ['index.ts', "const read = () => process [ 'env' ]"],
    ['sendMessage/__tests__/x.test.ts', "process.env.TWILIO_MESSAGING_READBACK_WAITS_MS = '0'"]
  ])('fails on a read in %s (tests included), naming the file and line', (file, text) => {
    const result = check({ 'index.ts': "export const ok = 'x'\n", [file]: `// header\n${text}\n` })
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(new RegExp(`${file.replace(/\./g, '\\.')}:2: reads process\\.env`))
  })

  it('passes the word env elsewhere: a settings field, a comment without the access, a string', () => {
    const result = check({
      'index.ts': "const environment = settings.env\n// the environment is never read\nconst text = 'process env'\n"
    })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
  })

  it('passes the destination folder as it is', () => {
    const result = spawnSync(
      process.execPath,
      [SCRIPT, path.resolve(__dirname, '../src/destinations/twilio-messaging')],
      {
        encoding: 'utf8'
      }
    )
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
  })
})
