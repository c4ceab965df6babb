// The URLs a message carries: Inline Media URLs (Twilio fetches them) and the Status Callback URL (Twilio calls it).
// Each is checked as the exact text that is sent, never as the URL parser's tidied copy of it: the parser drops
// line breaks and tabs, reads `https:example.com` as `https://example.com/` and `0x7f.1` as `127.0.0.1`, while
// Twilio receives the text itself.
import { channelName, LIMITS, MEDIA_CHANNELS } from '../twilio'
import type { Channel } from '../twilio'
import { isLoopbackHost, unreachableHostReason } from './public-host'
import { fail, isBlank } from './validation'

interface UrlField {
  /** `Label (key)`, as every message names a field. */
  name: string
  example: string
}

const MEDIA: UrlField = { name: 'Inline Media URLs (inlineMediaUrls)', example: 'https://example.com/image.png' }
const CALLBACK: UrlField = {
  name: 'Status Callback URL (statusCallback)',
  example: 'https://example.com/twilio/status'
}

/**
 * Characters no URL Twilio receives may hold: controls (CR, LF, tab), spaces of every kind, invisible format
 * characters (zero-width space, joiners, direction marks, the byte order mark, soft hyphen), the invisible Hangul
 * fillers, and `\`, which URL parsers disagree about.
 */
const UNSENDABLE = /[\p{Cc}\p{Cf}\p{Z}\s\\\u115F\u1160\u3164\uFFA0]/u

const SCHEME_AND_SLASHES = /^https?:\/\//i

/** Shows an unsendable character as `<U+200B>`, so the message says what the eye cannot see. */
function visible(text: string): string {
  const shown = text.length > 120 ? `${text.slice(0, 120)}…` : text
  return shown.replace(new RegExp(UNSENDABLE.source, 'gu'), (char) => {
    const code = (char.codePointAt(0) as number).toString(16).toUpperCase()
    return `<U+${code.padStart(4, '0')}>`
  })
}

/** The host as written between `//` and the path, without user info and port (IPv6 keeps its brackets). */
function writtenHost(url: string): string {
  const authority = url.replace(SCHEME_AND_SLASHES, '').split(/[/?#]/)[0]
  const host = authority.slice(authority.lastIndexOf('@') + 1)
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]
}

/**
 * Refuses with the field's name and the fix whatever Twilio could not use; returns the URL unchanged. `localTwilio`:
 * the message goes to a Twilio stand-in on this machine (the emulator), which can fetch and call loopback URLs.
 */
function readUrl(url: string, field: UrlField, localTwilio: boolean): string {
  const shown = visible(url)
  if (url.includes('{{') || url.includes('}}')) {
    fail(
      `${field.name} '${shown}' holds the placeholder text '{{' or '}}', which is never filled in a URL and would reach Twilio as it is: build the URL from event fields with a mapping (for example @template or @path), or remove the braces.`
    )
  }
  const unsendable = UNSENDABLE.exec(url)
  if (unsendable) {
    fail(
      `${field.name} '${shown}' contains a character a URL cannot hold (${visible(
        unsendable[0]
      )}: a line break, space or invisible character): retype the address, or percent-encode the character.`
    )
  }
  let parsed: URL | undefined
  try {
    parsed = SCHEME_AND_SLASHES.test(url) ? new URL(url) : undefined
  } catch {
    parsed = undefined
  }
  const written = writtenHost(url).toLowerCase()
  if (!parsed || parsed.hostname === '' || written === '') {
    return fail(
      `${field.name} '${shown}' is not an absolute http(s) URL: it must start with http:// or https:// and a host, as in ${field.example}.`
    )
  }
  if (written !== parsed.hostname) {
    fail(
      `${field.name} '${shown}' writes its host as '${visible(written)}', which is read as '${
        parsed.hostname
      }': write the host as '${parsed.hostname}' (Twilio may read the written form differently).`
    )
  }
  const unreachable = unreachableHostReason(parsed.hostname)
  if (unreachable && !(isLoopbackHost(parsed.hostname) && localTwilio)) {
    fail(
      `${field.name} '${shown}' points at ${unreachable} (${parsed.hostname}), which Twilio cannot reach from the internet: use a public address such as ${field.example}.`
    )
  }
  return url
}

export function readMediaUrls(value: unknown, channel: Channel, localTwilio = false): string[] {
  const urls = (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value])
    .filter((url) => !isBlank(url))
    .map((url) => String(url).trim())
  if (urls.length === 0) return []
  if (!MEDIA_CHANNELS.includes(channel)) {
    fail(
      `${MEDIA.name} cannot be sent on ${channelName(
        channel
      )}: SMS carries text only. Set Channel to MMS to send pictures, or remove the media URLs.`
    )
  }
  if (urls.length > LIMITS.mediaUrls) {
    fail(
      `${MEDIA.name} has ${urls.length} URLs; Twilio accepts at most ${LIMITS.mediaUrls}. Remove ${
        urls.length - LIMITS.mediaUrls
      }.`
    )
  }
  return urls.map((url) => readUrl(url, MEDIA, localTwilio))
}

export function readStatusCallback(value: string, localTwilio = false): string {
  const url = readUrl(value.trim(), CALLBACK, localTwilio)
  if (new URL(url).hostname.includes('_')) {
    fail(
      `${CALLBACK.name} '${url}' has an underscore in its host name, which Twilio rejects: use a host name without underscores.`
    )
  }
  return url
}
