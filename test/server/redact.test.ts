import { createRedactor, credentialsFromSettings, REDACTED } from '../../src/server/redact'

const secret = 'sup3r secret/with+chars&='
const keySid = 'SK' + '1'.repeat(32)
const basic = Buffer.from(`${keySid}:${secret}`).toString('base64')
const redact = createRedactor(
  credentialsFromSettings({ accountSID: 'AC' + '2'.repeat(32), apiKeySID: keySid, apiKeySecret: secret })
)

describe('redaction', () => {
  it('hides authorization headers whatever their case, and apiKeySecret values', () => {
    expect(
      redact({
        headers: { Authorization: 'Basic abc', authorization: ['x'], 'WWW-Authenticate': 'Basic realm="x"' },
        settings: { apiKeySecret: 'anything' }
      })
    ).toEqual({
      headers: { Authorization: REDACTED, authorization: REDACTED, 'WWW-Authenticate': REDACTED },
      settings: { apiKeySecret: REDACTED }
    })
  })

  it('shows the messages of a `fields` map keyed by a secret setting, with secret values inside them redacted', () => {
    expect(
      redact({ ok: false, fields: { apiKeySecret: `must be set, not ${secret}`, password: 'too short' } })
    ).toEqual({ ok: false, fields: { apiKeySecret: `must be set, not ${REDACTED}`, password: 'too short' } })
    // Deeper down, keys are judged again.
    expect(redact({ fields: { settings: { apiKeySecret: 'x' } } })).toEqual({
      fields: { settings: { apiKeySecret: REDACTED } }
    })
  })

  it('writes the given local paths as their replacements, longest first', () => {
    const withPaths = createRedactor([], [], {
      paths: [
        ['/home/ada', '~'],
        ['/home/ada/project', '.']
      ]
    })
    expect(withPaths.text('at /home/ada/project/src/a.ts and /home/ada/.npmrc')).toBe('at ./src/a.ts and ~/.npmrc')
    expect(withPaths.text('"/home/ada" and /home/adam/x and https://h/home/ada2')).toBe(
      '"~" and /home/adam/x and https://h/home/ada2'
    )
  })

  it('keeps an apiKeySecret field definition (an object), as the manifest has one', () => {
    const field = { label: 'Secret', type: 'password' }
    expect(redact({ apiKeySecret: field })).toEqual({ apiKeySecret: field })
  })

  it('replaces the secret, its URL and form encodings and the Basic token inside strings', () => {
    const text = [
      `message ${secret}`,
      `url ${encodeURIComponent(secret)}`,
      `form ${new URLSearchParams({ p: secret })}`,
      `token ${basic}`,
      'header Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=='
    ].join('\n')
    const out = redact.text(text)
    expect(out).not.toContain(secret)
    expect(out).not.toContain(encodeURIComponent(secret))
    expect(out).not.toContain(basic)
    expect(out).not.toContain('Basic ')
    expect(out).not.toContain('QWxhZGRpbjpvcGVuIHNlc2FtZQ')
  })

  it('walks arrays and nested objects, leaves other values alone and survives cycles', () => {
    const cyclic: Record<string, unknown> = { n: 1, ok: true, none: null, list: [`x ${secret} y`] }
    cyclic.self = cyclic
    expect(redact(cyclic)).toEqual({ n: 1, ok: true, none: null, list: [`x ${REDACTED} y`], self: '[Circular]' })
  })

  it('does not hunt for very short secrets inside text', () => {
    const short = createRedactor([{ secret: 'ab' }])
    expect(short.text('about abc')).toBe('about abc')
    expect(short({ apiKeySecret: 'ab' })).toEqual({ apiKeySecret: REDACTED })
  })

  it('finds no credentials in settings without a secret', () => {
    expect(credentialsFromSettings({ accountSID: 'AC' })).toEqual([])
    expect(credentialsFromSettings(undefined)).toEqual([])
  })
})
