// What a change of choice does to the rest of the mapping (issue 21), in Debian's chromium against the dev server
// and the Twilio emulator: a cleared field sends nothing (as Segment would), an SMS-only From number on WhatsApp is
// flagged with the account's WhatsApp senders, and media URLs that a channel does not carry are said to be left out.
import { expectText, openWithSample, pick, useTesterPage } from './tester-page-harness'

jest.setTimeout(120_000)

const harness = useTesterPage()

test('a cleared To Phone Number holds nothing: said under the field, and the send is refused instead of using the default', async () => {
  const { page, problems } = await openWithSample(harness)
  expect(await page.inputValue('#f-toPhoneNumber')).toBe('$.context.traits.phone')
  await page.fill('#f-toPhoneNumber', '')
  // Under the field: what the mapping holds now (nothing), and that the field's default no longer applies.
  await expectText(page, '#r-toPhoneNumber', /Empty: nothing is sent for this field/)
  expect(await page.textContent('#r-toPhoneNumber')).toContain('context.traits.phone, else properties.phone')
  const input = page.getByRole('textbox', { name: /^To Phone Number/ })
  expect(await input.getAttribute('aria-describedby')).toContain('r-toPhoneNumber')

  await page.getByRole('button', { name: 'Send test event' }).click()
  // Not required by the schema (as live): the destination refuses it before any request, naming what SMS needs.
  await expectText(page, '#e-toPhoneNumber', /^Is required for SMS: map it to the recipient's phone number/)
  await expectText(page, '#send-status', /Not sent: fix To Phone Number/)
  expect(harness.emulator.state.messages).toHaveLength(0)

  // The default is one click away, and then the message goes to the event's phone again.
  await page.getByRole('button', { name: 'Use the default of To Phone Number' }).click()
  await expectText(page, '#r-toPhoneNumber', /With this event: "\+14155552671"/)
  await page.getByRole('button', { name: 'Send test event' }).click()
  await expectText(page, '#send-status', /Twilio answered 201 Created/)
  expect(harness.emulator.state.messages).toHaveLength(1)
  expect(problems).toEqual([])
  await page.close()
})

test('SMS → WhatsApp with an SMS-only From number: flagged at once, and the 63007 answer offers the WhatsApp senders', async () => {
  const { page, problems } = await openWithSample(harness)
  await pick(page, '#f-channel', 'WhatsApp')
  // A warning next to From Phone Number, read with the field, naming the account's WhatsApp sender.
  await expectText(page, '#x-fromPhoneNumber', /"\+14155550100" is not a WhatsApp sender of this account/)
  expect(await page.textContent('#x-fromPhoneNumber')).toContain('+14155550123')
  const from = page.getByRole('combobox', { name: /^From Phone Number/ })
  expect((await from.getAttribute('aria-describedby'))?.split(' ')).toContain('x-fromPhoneNumber')

  // Sent anyway: Twilio's 63007, with the senders this account has for WhatsApp instead of "register a sender".
  await page.getByRole('button', { name: 'Send test event' }).click()
  await expectText(page, '#send-status', /Not sent: TWILIO_63007/)
  const box = page.locator('#send-result .error-box')
  await expectText(page, '#send-result .error-box', /WhatsApp senders of this account: \+14155550123/)
  // Twilio's words, the fix and Twilio's page on the code, each on its own line; the page is a link.
  const link = box.getByRole('link', { name: 'Twilio’s page on error 63007' })
  expect(await link.getAttribute('href')).toBe('https://www.twilio.com/docs/errors/63007')
  expect(await box.locator('.error-message').innerText()).toMatch(/^Twilio error 63007: .*whatsapp:\+14155550100$/)
  await box.getByRole('button', { name: 'Use +14155550123 as From Phone Number' }).click()
  expect(await page.inputValue('#f-fromPhoneNumber')).toBe('+14155550123')
  await expectText(page, '#x-fromPhoneNumber', /^$/)
  await page.getByRole('button', { name: 'Send test event' }).click()
  await expectText(page, '#send-status', /Twilio answered 201 Created/)
  expect(problems).toEqual([])
  await page.close()
})

test('MMS → SMS: the media URLs the channel does not carry are said to be left out, before and after the send', async () => {
  const { page, problems } = await openWithSample(harness)
  await pick(page, '#f-channel', 'MMS (picture messages)')
  await page.getByRole('button', { name: 'Add Inline Media URLs value' }).click()
  await page.getByRole('textbox', { name: 'Inline Media URLs 1' }).fill('https://example.com/receipt.png')
  await pick(page, '#f-channel', 'SMS')
  // In the hidden field's place: what is left out, and why.
  await expectText(page, '#left-out-inlineMediaUrls', /Inline Media URLs \(1 value\) is not sent with Channel "SMS"/)
  await page.getByRole('button', { name: 'Send test event' }).click()
  await expectText(page, '#send-status', /Twilio answered 201 Created/)
  expect(await page.textContent('#send-status')).toMatch(/Left out: Inline Media URLs \(not sent with Channel "SMS"\)/)
  expect(harness.emulator.state.messages).toHaveLength(1)
  expect(problems).toEqual([])
  await page.close()
})
