import { hash128 } from '../hash'
import { dedupKey } from '../dedup'
import type { MessageRequest } from '../build-request'

const message = (params: Array<[string, string]>): MessageRequest => ({
  channel: 'SMS',
  senderType: 'Phone number',
  params
})

describe('hash128', () => {
  it('is 32 hexadecimal characters, stable, and differs for texts one character apart', () => {
    expect(hash128('hello')).toMatch(/^[0-9a-f]{32}$/)
    expect(hash128('hello')).toBe(hash128('hello'))
    expect(hash128('hello')).not.toBe(hash128('hellp'))
    expect(hash128('')).not.toBe(hash128('\0'))
  })

  it('differs for every one-unit change at every position of texts of 0 to 40 units, and for swapped blocks', () => {
    const seen = new Set<string>()
    let count = 0
    for (let length = 0; length <= 40; length++) {
      const base = 'k'.repeat(length)
      seen.add(hash128(base))
      count++
      for (let at = 0; at < length; at++) {
        for (const unit of ['j', 'l', '\0', '\u00e9', '\ud83d']) {
          seen.add(hash128(base.slice(0, at) + unit + base.slice(at + 1)))
          count++
        }
      }
    }
    expect(seen.size).toBe(count)
    // Each lane reads its own words: texts that only move words between lanes or blocks must still differ.
    const a = 'AAAAAAAABBBBBBBB'
    expect(new Set([a, 'BBBBBBBBAAAAAAAA', 'AABBAABBAABBAABB', 'BBAABBAABBAABBAA'].map(hash128)).size).toBe(4)
  })
  // Collision searches over hundreds of thousands of texts: test/hash-collisions.test.ts.
})

describe('dedupKey', () => {
  const account = 'AC' + '0'.repeat(32)

  it('tells a Body that holds another parameter apart from that Body plus the parameter', () => {
    const bodyPlusMedia = message([
      ['Body', 'Hi'],
      ['MediaUrl', 'https://example.com/a.png']
    ])
    const bodyHoldingMedia = message([['Body', 'Hi\0MediaUrl=https://example.com/a.png']])
    const bodyHoldingMediaJson = message([['Body', 'Hi"],["MediaUrl","https://example.com/a.png']])
    const keys = [bodyPlusMedia, bodyHoldingMedia, bodyHoldingMediaJson].map((m) => dedupKey(account, 'm-1', m))
    expect(new Set(keys).size).toBe(3)
  })

  it('depends on the account and the messageId, and is absent without a messageId', () => {
    const sms = message([['Body', 'Hi']])
    expect(dedupKey(account, 'm-1', sms)).toMatch(/^twilio-messaging:sent:[0-9a-f]{32}$/)
    expect(dedupKey(account, 'm-1', sms)).not.toBe(dedupKey(account, 'm-2', sms))
    expect(dedupKey(account, 'm-1', sms)).not.toBe(dedupKey('AC' + '1'.repeat(32), 'm-1', sms))
    expect(dedupKey(account, '', sms)).toBeUndefined()
    expect(dedupKey(account, undefined, sms)).toBeUndefined()
  })
})
