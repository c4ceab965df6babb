// One redaction function for everything the dev server shows: response bodies, log lines and CLI output.
// Secrets never leave the process in clear: not in headers, not in form bodies, not inside error messages.

export const REDACTED = '<redacted>'

/** Header names whose whole value is a credential or reveals the auth scheme. */
const SECRET_HEADER_KEYS = new Set(['authorization', 'proxy-authorization', 'www-authenticate', 'cookie', 'set-cookie'])

/** Object keys whose value is always hidden, whatever it is (settings fields of type password, auth tokens). */
const SECRET_KEYS = new Set([
  'apikeysecret',
  'password',
  'authtoken',
  'auth_token',
  'accesstoken',
  'access_token',
  'refreshtoken',
  'refresh_token',
  'clientsecret',
  'client_secret'
])

/** `Basic <token>` / `Bearer <token>` anywhere in a string (a credential we were not told about). */
const AUTH_SCHEME_PATTERN = /\b(Basic|Bearer)\s+[A-Za-z0-9+/._~-]{8,}=*/g

/** Secrets shorter than this are not searched for inside strings (they would match everywhere). */
const MIN_SECRET_LENGTH = 4

export interface Redactor {
  (value: unknown): unknown
  /** Redacts a string (a log line, an error message, a form body). */
  text(value: string): string
}

/** Every spelling a secret can take on the wire: itself, URL-encoded, form-encoded, in a Basic header. */
export function secretVariants(secret: string, usernames: readonly string[] = []): string[] {
  const variants = new Set<string>([
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2)
  ])
  for (const username of usernames) {
    variants.add(Buffer.from(`${username}:${secret}`).toString('base64'))
  }
  return [...variants].filter((variant) => variant.length >= MIN_SECRET_LENGTH)
}

export interface CredentialSet {
  /** The secret itself (an API key secret, an auth token). */
  secret?: string
  /** Usernames it is paired with in Basic auth (an API key SID, an Account SID). */
  usernames?: string[]
}

export interface RedactorOptions {
  /** Local paths to hide in strings, each with what replaces it (the project folder as `.`, the home folder as `~`). */
  paths?: Array<[path: string, replacement: string]>
}

/**
 * Builds a deep redactor: hides secret headers and secret keys, then replaces every known secret (and its
 * encodings) and every `Basic …`/`Bearer …` credential inside any string, and the given local paths.
 */
export function createRedactor(
  credentials: CredentialSet[] = [],
  extraSecrets: string[] = [],
  options: RedactorOptions = {}
): Redactor {
  const needles = new Set<string>()
  for (const { secret, usernames } of credentials) {
    if (secret) secretVariants(secret, usernames).forEach((variant) => needles.add(variant))
  }
  for (const secret of extraSecrets) secretVariants(secret).forEach((variant) => needles.add(variant))
  // Longest first, so a secret's base64 form is replaced before a shorter secret inside it.
  const ordered = [...needles].sort((a, b) => b.length - a.length)

  // Longest first, so `/home/ada/project` is replaced before `/home/ada`; a path only where it ends (at `/`, a space,
  // a quote, `:` or the end), so `/root` never eats the start of `/rooted`.
  const paths = [...(options.paths ?? [])]
    .filter(([path]) => path.length > 1)
    .sort((a, b) => b[0].length - a[0].length)
    .map(([path, replacement]) => [pathPattern(path), replacement] as const)

  const text = (value: string): string => {
    let out = value
    for (const needle of ordered) out = out.split(needle).join(REDACTED)
    for (const [pattern, replacement] of paths) out = out.replace(pattern, replacement)
    return out.replace(AUTH_SCHEME_PATTERN, REDACTED)
  }

  // `byKey: false` for the members of a `fields` object: it maps a field's NAME to a message about it (an
  // authentication error on `apiKeySecret`), so the name says nothing about the value being a secret.
  const walk = (value: unknown, seen: WeakSet<object>, byKey = true): unknown => {
    if (typeof value === 'string') return text(value)
    if (value === null || typeof value !== 'object') return value
    if (seen.has(value)) return '[Circular]'
    seen.add(value)
    if (Array.isArray(value)) return value.map((item) => walk(item, seen))
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) {
      const lower = key.toLowerCase()
      // Only scalar values are hidden by key: the manifest's `apiKeySecret` field definition (an object) stays.
      const hide = byKey && (SECRET_HEADER_KEYS.has(lower) || SECRET_KEYS.has(lower)) && isScalarOrStrings(item)
      out[key] = hide ? REDACTED : walk(item, seen, key !== 'fields')
    }
    return out
  }

  const redact = ((value: unknown) => walk(value, new WeakSet())) as Redactor
  redact.text = text
  return redact
}

function isScalarOrStrings(value: unknown): boolean {
  if (Array.isArray(value)) return value.every((item) => typeof item === 'string')
  return value !== null && value !== undefined && typeof value !== 'object'
}

/** The credentials found in a settings object of this destination (accountSID, apiKeySID, apiKeySecret). */
export function credentialsFromSettings(settings: unknown): CredentialSet[] {
  if (!settings || typeof settings !== 'object') return []
  const record = settings as Record<string, unknown>
  const secret = typeof record.apiKeySecret === 'string' ? record.apiKeySecret : undefined
  if (!secret) return []
  const usernames = [record.apiKeySID, record.accountSID]
    .filter((value): value is string => typeof value === 'string' && value.length > 0)
    .flatMap((value) => [value, value.trim()])
  return [{ secret, usernames }]
}

function pathPattern(path: string): RegExp {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`${escaped}(?=[/\\\\\\s'"\`:),]|$)`, 'g')
}
