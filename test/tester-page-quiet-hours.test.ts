// The tester page with quiet hours on (issue 18): the fields show only when Quiet Hours is on, a send inside quiet
// hours says what happened (scheduled for when, in the recipient's zone) in the status line and above Twilio's
// exchange, and a message held back is said next to the field that would schedule it.
import { expectText, openWithSample, pick, rowValue, useTesterPage } from './tester-page-harness'

jest.setTimeout(120_000)

const harness = useTesterPage()
const ZONE = 'America/Los_Angeles' // the sample event's context.timezone

/** `HH:MM` in the sample's zone, `hours` from now. */
function localClock(hours: number): string {
  return new Date(Date.now() + hours * 3_600_000).toLocaleTimeString('en-GB', {
    timeZone: ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23'
  })
}

test('a send in quiet hours through a Messaging Service: scheduled for the opening, and the page says so', async () => {
  const { page, problems } = await openWithSample(harness)
  const quietFields = ['quietHoursWindow', 'recipientTimeZone', 'fallbackTimeZone', 'quietHoursAction']
  for (const key of quietFields) expect(await page.isHidden(`#field-${key}`)).toBe(true)

  await pick(page, '#f-senderType', 'Messaging Service')
  await pick(page, '#f-messagingServiceSid', /^Marketing/)
  await page.selectOption('#f-quietHours', 'true')
  for (const key of quietFields) await page.waitForSelector(`#field-${key}:not([hidden])`)
  expect(await page.isHidden('#field-quietHoursStart')).toBe(true)
  expect(await page.inputValue('#f-recipientTimeZone')).toBe('$.context.timezone')

  // Allowed from two hours from now, for an hour: now is quiet there, whatever the time of the run.
  const start = localClock(2)
  await pick(page, '#f-quietHoursWindow', /^Custom/)
  await page.waitForSelector('#field-quietHoursStart:not([hidden])')
  await page.fill('#f-quietHoursStart', start)
  await page.fill('#f-quietHoursEnd', localClock(3))
  await page.click('#send-event')

  const said = new RegExp(`Quiet Hours: scheduled for (\\S+Z), ${start} ${ZONE}, quiet hours\\.`)
  await expectText(page, '#send-status', new RegExp(`^✓ Twilio answered 201 Created\\. ${said.source}`))
  const note = await page.locator('#send-result .outcome-note').innerText()
  const sendAt = said.exec(note)?.[1] as string
  const ahead = Date.parse(sendAt) - Date.now()
  // (An hour less on the night the clocks go back there.)
  expect(ahead).toBeGreaterThan(55 * 60_000)
  expect(ahead).toBeLessThanOrEqual(120 * 60_000)
  const form = page.locator('table.kv', { has: page.locator('caption', { hasText: 'Form parameters' }) })
  await expect(rowValue(form, 'SendAt')).resolves.toBe(sendAt)
  expect(harness.emulator.state.messages[0]).toMatchObject({ status: 'scheduled', sendAt })

  // From a phone number the message cannot be scheduled: held back, said next to Sender Type, nothing sent.
  await pick(page, '#f-senderType', 'Phone number')
  await page.click('#send-event')
  await expectText(page, '#send-status', /Not sent: fix Sender Type/)
  await expectText(
    page,
    '#e-senderType',
    new RegExp(`^Held back by quiet hours, not sent \\(Segment does not retry it\\): it is \\d\\d:\\d\\d ${ZONE}`)
  )
  expect(await page.textContent('#e-senderType')).toContain("set this field to 'Messaging Service'")
  expect(harness.emulator.state.messages).toHaveLength(1)
  expect(problems).toEqual([])
  await page.close()
})
