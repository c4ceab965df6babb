// tools/monorepo-check/declared-imports.js, run by npm run check:monorepo: the folder may import only what Segment's
// monorepo declares for destinations, Node's own modules and its own files.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const SCRIPT = path.resolve(__dirname, '../tools/monorepo-check/declared-imports.js')

function check(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'declared-imports-'))
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    fs.writeFileSync(path.join(dir, name), text)
  }
  const result = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' })
  fs.rmSync(dir, { recursive: true })
  return result
}

describe('declared-imports', () => {
  it('passes declared packages, Node modules and relative files', () => {
    const result = check({
      'index.ts': "import { IntegrationError } from '@segment/actions-core'\nimport { LRUCache } from 'lru-cache'\n",
      'a/b.ts':
        "import type { Payload } from './generated-types'\nimport { URL } from 'node:url'\nimport path from 'path'\n",
      'a/__tests__/c.test.ts': "import nock from 'nock'\nimport { PhoneNumberUtil } from 'google-libphonenumber'\n"
    })
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('only relative files')
  })

  it.each([
    ["import pLimit from 'p-limit'", 'p-limit'],
    ["import { parsePhoneNumber } from 'libphonenumber-js/max'", 'libphonenumber-js/max'],
    ["const express = require('express')", 'express'],
    ["import type { Twilio } from 'twilio'", 'twilio'],
    ["import fc from 'fast-check'", 'fast-check']
  ])('fails on %s, naming the file and the package', (line, specifier) => {
    const result = check({ 'sendMessage/x.ts': `${line}\n` })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(`sendMessage/x.ts: '${specifier}'`)
  })
})
