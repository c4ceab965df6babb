// The Twilio Region and Edge Location settings: every value is checked against the known tables before it picks a
// host, and the hosts are Twilio's regional host names ({product}.{edge}.{region}.twilio.com).
import {
  ALL_TWILIO_ORIGINS,
  KNOWN_TARGETS,
  TWILIO_HOSTS,
  US1_TARGET,
  messagesUrl,
  readTwilioTarget,
  resolveTwilioPageUrl,
  twilioHosts
} from '../twilio'
import type { TwilioTarget } from '../twilio'
import { settingsShapeProblem } from '../sendMessage/settings-check'
import { ACCOUNT_SID, SETTINGS } from './__helpers__/fixtures'

const targetOf = (settings: Record<string, unknown>): TwilioTarget => {
  const read = readTwilioTarget(settings)
  if ('problem' in read) throw new Error(read.problem)
  return read.target
}

describe('readTwilioTarget', () => {
  it.each([
    [{}, 'us1', undefined, 'https://api.twilio.com'],
    [{ region: '' }, 'us1', undefined, 'https://api.twilio.com'],
    [{ region: null, edge: null }, 'us1', undefined, 'https://api.twilio.com'],
    [{ region: 'us1' }, 'us1', undefined, 'https://api.twilio.com'],
    [{ region: 'us1', edge: 'ashburn' }, 'us1', 'ashburn', 'https://api.ashburn.us1.twilio.com'],
    [{ region: 'us1', edge: 'umatilla' }, 'us1', 'umatilla', 'https://api.umatilla.us1.twilio.com'],
    [{ edge: ' Ashburn ' }, 'us1', 'ashburn', 'https://api.ashburn.us1.twilio.com'],
    // IE1 always names its edge: api.ie1.twilio.com was processed in US1 and is retired.
    [{ region: 'ie1' }, 'ie1', 'dublin', 'https://api.dublin.ie1.twilio.com'],
    [{ region: ' IE1 ', edge: '' }, 'ie1', 'dublin', 'https://api.dublin.ie1.twilio.com'],
    [{ region: 'ie1', edge: 'dublin' }, 'ie1', 'dublin', 'https://api.dublin.ie1.twilio.com']
  ])('%j is %s (edge %s) on %s', (settings, region, edge, api) => {
    const target = targetOf(settings)
    expect([target.region, target.edge]).toEqual([region, edge])
    expect(twilioHosts(target).api).toBe(api)
  })

  it.each([
    [{ region: 'eu1' }, /Twilio Region \(region\) "eu1" .* choose 'us1' \(United States, the default\) or 'ie1'/],
    [{ region: 'au1' }, /Twilio Region \(region\) "au1" .* is not a Twilio Region that sends messages/],
    [{ region: 'ie1.evil.example#' }, /Twilio Region \(region\) "ie1.evil.example#"/],
    [{ region: 1 }, /Twilio Region \(region\) in the destination settings must be text/],
    [{ region: ['ie1'] }, /must be text/],
    [
      { region: 'ie1', edge: 'ashburn' },
      /Edge Location \(edge\) "ashburn" .* reaches the United States region \(US1\), not the Ireland region \(IE1\): choose 'dublin'/
    ],
    [
      { region: 'us1', edge: 'dublin' },
      /"dublin" .* reaches the Ireland region \(IE1\), not the United States region \(US1\): choose 'ashburn' or 'umatilla'/
    ],
    [{ edge: 'sydney' }, /"sydney" .* is not an edge location that reaches the United States region/],
    [{ edge: 'evil.example/x?' }, /Twilio Edge Location \(edge\) "evil.example\/x\?"/],
    [
      { region: 'ie1', edge: { toString: (): string => 'dublin' } },
      /Edge Location \(edge\) in the destination settings must be text/
    ]
  ])('refuses %j, naming the setting and the fix', (settings, message) => {
    const read = readTwilioTarget(settings)
    expect('problem' in read && read.problem).toMatch(message)
  })

  it('cuts a long value short in its message', () => {
    const read = readTwilioTarget({ region: 'x'.repeat(500) })
    expect('problem' in read && read.problem.length).toBeLessThan(300)
  })

  it('is part of the settings check that runs before any request', () => {
    expect(settingsShapeProblem({ ...SETTINGS, region: 'ie1' })).toBeUndefined()
    expect(settingsShapeProblem({ ...SETTINGS, region: 'mars' })).toMatch(/Twilio Region \(region\) "mars"/)
    expect(settingsShapeProblem({ ...SETTINGS, region: 'ie1', edge: 'umatilla' })).toMatch(/Edge Location/)
  })
})

describe('hosts', () => {
  it('keep US1 on the hosts every saved configuration uses', () => {
    expect(TWILIO_HOSTS).toEqual({
      api: 'https://api.twilio.com',
      messaging: 'https://messaging.twilio.com',
      content: 'https://content.twilio.com'
    })
    expect(twilioHosts(US1_TARGET)).toEqual(TWILIO_HOSTS)
  })

  it('put every service of IE1 on its Dublin edge', () => {
    expect(twilioHosts(targetOf({ region: 'ie1' }))).toEqual({
      api: 'https://api.dublin.ie1.twilio.com',
      messaging: 'https://messaging.dublin.ie1.twilio.com',
      content: 'https://content.dublin.ie1.twilio.com'
    })
    expect(messagesUrl(targetOf({ region: 'ie1' }), ACCOUNT_SID)).toBe(
      `https://api.dublin.ie1.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`
    )
  })

  it('are all https on twilio.com, one set per known region and edge', () => {
    expect(KNOWN_TARGETS.map((target) => [target.region, target.edge ?? ''])).toEqual([
      ['us1', ''],
      ['us1', 'ashburn'],
      ['us1', 'umatilla'],
      ['ie1', 'dublin']
    ])
    expect(ALL_TWILIO_ORIGINS).toHaveLength(12)
    for (const origin of ALL_TWILIO_ORIGINS)
      expect(origin).toMatch(/^https:\/\/[a-z]+(\.[a-z]+\.(us1|ie1))?\.twilio\.com$/)
  })

  it('refuse a target that did not come from the tables', () => {
    const forged = { region: 'ie1', edge: 'evil.example' } as unknown as TwilioTarget
    expect(() => twilioHosts(forged)).toThrow(/No Twilio hosts are known for "ie1\/evil.example"/)
  })

  it('keep next-page links on the host of the chosen region', () => {
    const ie1 = targetOf({ region: 'ie1' })
    expect(resolveTwilioPageUrl(ie1, 'messaging', 'https://messaging.twilio.com/v1/Services?Page=1')).toBe(
      'https://messaging.dublin.ie1.twilio.com/v1/Services?Page=1'
    )
    expect(resolveTwilioPageUrl(ie1, 'api', '/2010-04-01/x.json?Page=1')).toBe(
      'https://api.dublin.ie1.twilio.com/2010-04-01/x.json?Page=1'
    )
  })
})
