// The tester page guides instead of letting mistakes through (issue 14, section 2), in Debian's chromium against
// the dev server and the Twilio emulator: values that no longer fit, schema errors in a marketer's words (said
// once, focus on the field to fix, never on the body), the sticky send bar, readable defaults, map by clicking.
import path from 'node:path'
import type { Page } from 'playwright-core'
import { OUTPUT_DIR, expectText, focused, openPage, pick, useTesterPage } from './tester-page-harness'

jest.setTimeout(120_000)

const harness = useTesterPage()

/** How often a text occurs in what the page shows. */
async function occurrences(page: Page, text: string): Promise<number> {
  const shown = await page.locator('body').innerText()
  return shown.split(text).length - 1
}

/** Whether an element is inside the viewport (at least partly). */
async function inViewport(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((element) => {
    const box = element.getBoundingClientRect()
    return box.bottom > 0 && box.top < window.innerHeight && box.height > 0
  })
}

test('a value that no longer fits after a change is marked at once, and the send is refused before any request', async () => {
  harness.emulator.reset()
  const { page, problems } = await openPage(harness, { width: 1280, height: 800 })
  await pick(page, '#f-channel', 'WhatsApp')
  await pick(page, '#f-contentTemplateType', 'Quick Reply')
  expect(await page.textContent('#e-contentTemplateType')).toBe('')

  // WhatsApp → SMS: Quick Reply is not an SMS template type; marked without sending anything.
  await pick(page, '#f-channel', 'SMS')
  await expectText(
    page,
    '#e-contentTemplateType',
    /"Quick Reply" is not offered for Channel "SMS": pick one of Inline, Text/
  )
  expect(await page.getAttribute('#f-contentTemplateType', 'aria-invalid')).toBe('true')
  await page.click('#send-event')
  await expectText(page, '#send-status', /Not sent: fix Content Template Type \(marked in the mapping\)/)
  expect(await focused(page)).toBe('input#f-contentTemplateType')
  expect(harness.emulator.state.messages).toHaveLength(0)
  // Picking an offered value clears the mark.
  await pick(page, '#f-contentTemplateType', 'Inline')
  expect(await page.textContent('#e-contentTemplateType')).toBe('')
  expect(await page.getAttribute('#f-contentTemplateType', 'aria-invalid')).toBeNull()

  // SMS → Messenger: the Channel dropdown offers Messenger only with Segment's Messenger flag on, and the page sends
  // no flags, so it is not offered; typed in anyway, the channel itself is marked at once.
  expect(await page.inputValue('#f-senderType')).toBe('Phone number')
  await page.click('#f-channel')
  await page.getByRole('option', { name: 'WhatsApp', exact: true }).waitFor()
  expect(await page.getByRole('option', { name: /Messenger/ }).count()).toBe(0)
  await page.keyboard.press('Escape')
  await page.fill('#f-channel', 'Messenger')
  await page.keyboard.press('Escape')
  await page.locator('#f-channel').blur()
  await expectText(page, '#e-channel', /^"Messenger" is not offered as a Channel: pick one of SMS, /)
  expect(await page.getAttribute('#f-channel', 'aria-invalid')).toBe('true')
  // Typed in another case, an offered value fits (the stored channel value is `Whatsapp` on Segment).
  await page.fill('#f-channel', 'whatsapp')
  await page.keyboard.press('Escape')
  await page.locator('#f-channel').blur()
  await expectText(page, '#e-senderType', /^$/)
  expect(await page.textContent('#e-channel')).toBe('')
  expect(problems).toEqual([])
  await page.close()
})

test('errors in words: which field, what it needs, a path that finds nothing; said once; focus moves there', async () => {
  harness.emulator.reset()
  const { page, problems } = await openPage(harness, { width: 1280, height: 800 })
  await page.click('#use-sample-mapping')
  await page.fill('#f-inlineBody', '')
  await page.focus('#send-event')
  await page.keyboard.press('Enter')
  // Inline Template is not required by the schema (as on Segment's live destination): the destination refuses the
  // empty text itself, before any request, and the page shows that next to the field.
  const expected = 'Empty: write the message text, or add Inline Media URLs on a channel that carries media.'
  await expectText(page, '#e-inlineBody', /^Empty: write/)
  expect(await page.textContent('#e-inlineBody')).toBe(expected)
  // Said once, next to the field; not the framework's words; the field's name is not repeated in its message.
  expect(await occurrences(page, 'write the message text, or add Inline Media URLs')).toBe(1)
  expect(await page.locator('body').innerText()).not.toContain('root value')
  expect(await page.textContent('#send-status')).toBe('✗ Not sent: fix Inline Template.')
  // Focus and scroll went to the field to fix.
  expect(await focused(page)).toBe('textarea#f-inlineBody')
  expect(await inViewport(page, '#f-inlineBody')).toBe(true)
  // The error box links to the field; the framework's message is one click away, closed.
  await page.focus('#send-event')
  await page.locator('.error-fields button', { hasText: 'Inline Template' }).click()
  expect(await focused(page)).toBe('textarea#f-inlineBody')
  expect(await page.locator('details.technical').getAttribute('open')).toBeNull()

  // A path that finds nothing in this event is said to.
  await page.fill('#f-inlineBody', 'Hi')
  await page.fill('#f-toPhoneNumber', '$.properties.mobile')
  await expectText(page, '#r-toPhoneNumber', /The path properties\.mobile finds nothing in this event\./)
  await page.click('#send-event')
  // To Phone Number is not required by the schema either: the destination's refusal names what SMS needs.
  await expectText(
    page,
    '#e-toPhoneNumber',
    /^Is required for SMS: map it to the recipient's phone number, for example \+14155552671\.$/
  )
  expect(await page.textContent('#r-toPhoneNumber')).toBe('The path properties.mobile finds nothing in this event.')
  expect(await focused(page)).toBe('input#f-toPhoneNumber')
  expect(harness.emulator.state.messages).toHaveLength(0)

  // A destination message that names two fields is said once, next to the first, without its name.
  await page.selectOption('#m-toPhoneNumber', 'fixed')
  await page.fill('#f-toPhoneNumber', '12')
  await page.click('#send-event')
  await expectText(page, '#e-toPhoneNumber', /^'12' has no country code: write it in E\.164 format/)
  expect(await page.textContent('#e-defaultCountry')).toBe('')
  expect(await occurrences(page, 'has no country code')).toBe(1)
  expect(await page.textContent('#e-toPhoneNumber')).not.toContain('To Phone Number')
  await page.selectOption('#m-toPhoneNumber', 'path')

  // Fixed and sent with the keyboard: the focus stays on the button while sending and after (never the body).
  await page.fill('#f-toPhoneNumber', '$.properties.phone')
  await page.focus('#send-event')
  await page.keyboard.press('Enter')
  expect(await focused(page)).toBe('button#send-event')
  await expectText(page, '#send-status', /Twilio answered 201 Created/)
  expect(await focused(page)).toBe('button#send-event')
  expect(problems).toEqual([])
  await page.close()
})

test('the send bar stays in view while the mapping scrolls, at 1280 and 420 px', async () => {
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 420, height: 900 }
  ]) {
    const { page, problems } = await openPage(harness, viewport)
    await page.locator('#field-batch_size').scrollIntoViewIfNeeded()
    expect(await inViewport(page, '#field-batch_size')).toBe(true)
    expect(await inViewport(page, '#send-event')).toBe(true)
    // The bar does not cover the field the user scrolled to.
    const covered = await page.evaluate(() => {
      const bar = document.querySelector('.send-bar')!.getBoundingClientRect()
      const field = document.querySelector('#f-batch_size')!.getBoundingClientRect()
      return field.bottom > bar.top && field.top < bar.bottom
    })
    expect(covered).toBe(false)
    await page.evaluate(() => window.scrollTo(0, 0))
    expect(await inViewport(page, '#send-event')).toBe(true)
    await page.screenshot({ path: path.join(OUTPUT_DIR, `tester-send-bar-${viewport.width}.png`) })
    expect(problems).toEqual([])
    await page.close()
  }
})

test('a default mapping reads as words, with what it gives for this event', async () => {
  const { page, problems } = await openPage(harness, { width: 1280, height: 800 })
  expect(await page.textContent('#w-toPhoneNumber')).toBe('From the event: context.traits.phone, else properties.phone')
  // The raw @if JSON is one click away, not in view.
  expect(await page.isVisible('#f-toPhoneNumber')).toBe(false)
  expect(await page.locator('#field-toPhoneNumber').innerText()).not.toContain('@if')
  expect(await page.textContent('#r-toPhoneNumber')).toBe('With this event: "+14155552671"')
  await page.locator('#field-toPhoneNumber summary').click()
  expect(JSON.parse(await page.inputValue('#f-toPhoneNumber'))).toEqual({
    '@if': {
      exists: { '@path': '$.context.traits.phone' },
      then: { '@path': '$.context.traits.phone' },
      else: { '@path': '$.properties.phone' }
    }
  })
  // Another event: the else branch.
  await page.fill('#event-json', JSON.stringify({ type: 'track', properties: { phone: '+14155550199' } }))
  await expectText(page, '#r-toPhoneNumber', /^With this event: "\+14155550199"$/)
  expect(problems).toEqual([])
  await page.close()
})

test('map by clicking a key of the event into the focused field; a @template that refers to a missing property is flagged', async () => {
  const { page, problems } = await openPage(harness, { width: 1280, height: 800 })
  await expectText(page, '#map-target', /Focus a mapping field/)
  await page.click('#f-fromPhoneNumber')
  await page.keyboard.press('Escape')
  await expectText(page, '#map-target', /maps it into From Phone Number/)
  await page.getByRole('button', { name: /^Map properties\.phone / }).click()
  expect(await page.inputValue('#m-fromPhoneNumber')).toBe('path')
  expect(await page.inputValue('#f-fromPhoneNumber')).toBe('$.properties.phone')
  expect(await focused(page)).toBe('input#f-fromPhoneNumber')
  await expectText(page, '#r-fromPhoneNumber', /^With this event: "\+14155552671"$/)

  // A template: the key goes in as {{…}} at the caret.
  await page.selectOption('#m-inlineBody', 'template')
  await page.fill('#f-inlineBody', 'Hi ')
  await page.getByRole('button', { name: /^Map properties\.first_name / }).click()
  expect(await page.inputValue('#f-inlineBody')).toBe('Hi {{properties.first_name}}')
  await expectText(page, '#r-inlineBody', /^With this event: "Hi Ada"$/)
  await page.fill('#f-inlineBody', 'Hi {{properties.nickname}}')
  await expectText(page, '#r-inlineBody', /\{\{properties\.nickname\}\} is not in this event: it becomes empty\./)
  expect(await page.getAttribute('#r-inlineBody', 'class')).toContain('warn')

  // A key-value pair's value becomes an @path.
  await page.getByRole('button', { name: 'Add Tags pair' }).click()
  await page.getByLabel('Tags key 1').fill('order')
  await page.getByLabel('Tags value 1', { exact: true }).focus()
  await page.getByRole('button', { name: /^Map properties\.order_id / }).click()
  expect(await page.getByLabel('Tags value 1: how to map').inputValue()).toBe('path')
  expect(await page.getByLabel('Tags value 1', { exact: true }).inputValue()).toBe('$.properties.order_id')
  await expectText(page, '#r-tags', /"order":"A-1001"/)
  expect(problems).toEqual([])
  await page.close()
})
