// What a screen reader gets from the tester page's dropdowns (issue 21), read from Chromium's accessibility tree:
// a choice's details (a number's capabilities, a template's WhatsApp approval) with the choice, one name per
// "Show choices" button, named lists, and the "N of M match" count announced as the user filters.
import { axNode } from './helpers/accessibility'
import { expectText, openPage, pick, useTesterPage } from './tester-page-harness'

jest.setTimeout(120_000)

const harness = useTesterPage({ seed: { extraPhoneNumbers: 5000 } })

test('choices carry their details; the buttons and lists have names of their own; the match count is announced', async () => {
  const { page, problems } = await openPage(harness, { width: 1280, height: 800 })

  // A number's capabilities are read with it, in the list and once it is picked.
  await page.getByRole('button', { name: 'Show choices for From Phone Number' }).click()
  const list = page.getByRole('listbox', { name: 'From Phone Number choices' })
  await list.waitFor()
  const main = list.getByRole('option', { name: /^\+14155550100/ })
  const mainId = await main.getAttribute('id')
  expect((await axNode(page, `#${mainId}`)).description).toContain('SMS, MMS, Voice')
  await main.click()
  expect((await axNode(page, '#f-fromPhoneNumber')).description).toMatch(/Picked: .*SMS, MMS, Voice/)

  // Filtering: the count of matches is in a live region (role status), so it is announced as the user types.
  await page.getByRole('combobox', { name: /^From Phone Number/ }).fill('+1628200000')
  const count = page.getByRole('status').filter({ hasText: /^\d+ of 5,00\d match$/ })
  await count.waitFor()
  expect(await count.textContent()).toBe('10 of 5,006 match')
  await page.keyboard.press('Escape')

  // A template's WhatsApp approval is read with it.
  await pick(page, '#f-channel', 'WhatsApp')
  await pick(page, '#f-contentTemplateType', 'Quick Reply')
  await page.getByRole('button', { name: 'Show choices for Content Template SID' }).click()
  const template = page
    .getByRole('listbox', { name: 'Content Template SID choices' })
    .getByRole('option', { name: /^appointment_reminder/ })
  expect((await axNode(page, `#${await template.getAttribute('id')}`)).description).toContain(
    'WhatsApp approval pending'
  )
  await template.click()
  // Picked anyway: the field warns, and says it with the field.
  await expectText(page, '#x-contentSid', /Not approved for WhatsApp \(WhatsApp approval pending\)/)
  expect((await axNode(page, '#f-contentSid')).description).toContain('Not approved for WhatsApp')

  // Every dropdown's button has its own name; none is just "Show choices".
  expect(await page.getByRole('button', { name: 'Show choices', exact: true }).count()).toBe(0)
  const names = await page
    .locator('.combo-toggle')
    .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label')))
  expect(names.length).toBeGreaterThan(3)
  expect(new Set(names).size).toBe(names.length)
  // Lists have names: the outbox, each dropdown's list.
  expect(await page.getByRole('list', { name: 'Emulator outbox' }).count()).toBe(1)
  const unnamed = await page
    .locator('[role="listbox"]')
    .evaluateAll(
      (lists) =>
        lists.filter((list) => !list.getAttribute('aria-label') && !list.getAttribute('aria-labelledby')).length
    )
  expect(unnamed).toBe(0)
  expect(problems).toEqual([])
  await page.close()
})
