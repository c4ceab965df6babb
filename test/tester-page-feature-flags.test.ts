// Segment's feature flags in the tester page: switches under the settings, sent with every dropdown lookup and every
// send, so what a flag changes can be tried before Segment turns it on for a workspace. In Debian's chromium against
// the dev server and the Twilio emulator.
import { openPage, pick, useTesterPage } from './tester-page-harness'

jest.setTimeout(120_000)

const harness = useTesterPage()

test('Messenger is offered in the Channel dropdown only with the live Messenger flag switched on', async () => {
  const { page, problems } = await openPage(harness, { width: 1280, height: 900 })
  const flag = page.getByRole('checkbox', { name: /actions-twilio-messenger-facebook/ })
  expect(await flag.isChecked()).toBe(false)
  await page.click('#f-channel')
  await page.getByRole('option', { name: 'WhatsApp', exact: true }).waitFor()
  expect(await page.getByRole('listbox', { name: 'Channel choices' }).innerText()).not.toMatch(/Messenger/)
  await page.keyboard.press('Escape')

  await flag.check()
  await pick(page, '#f-channel', 'Facebook Messenger')
  expect(await page.inputValue('#f-channel')).toBe('Messenger')
  // The other live flag is there too, off.
  expect(await page.getByRole('checkbox', { name: /twilio-messaging-stringify-content-variables/ }).isChecked()).toBe(
    false
  )
  expect(problems).toEqual([])
  await page.close()
})
