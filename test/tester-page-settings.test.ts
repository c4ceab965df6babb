// The Settings panel after a mistake (issue 21), in Debian's chromium against the dev server and the Twilio emulator:
// a fixed Account SID is tested again on the first click (the error under the field does not make the button jump
// away between mouse down and mouse up), and an empty secret is explained once, in words, before any request.
import type { Page } from 'playwright-core'
import { DEMO_CREDENTIALS } from '../src/emulator'
import { sampleEvent, sampleMapping } from '../src/server/samples'
import { expectText, openPage, useTesterPage } from './tester-page-harness'

jest.setTimeout(120_000)

const harness = useTesterPage()

/** How often a text occurs in what the page shows. */
async function occurrences(page: Page, text: string): Promise<number> {
  return (await page.locator('body').innerText()).split(text).length - 1
}

test('a failed Test connection, then a fixed Account SID: the first click on Test connection tests it again', async () => {
  const { page, problems } = await openPage(harness, { width: 1280, height: 800 })
  await page.fill('#s-accountSID', 'AC123')
  await page.getByRole('button', { name: 'Test connection' }).click()
  await expectText(page, '#se-accountSID', /AC followed by 32 hexadecimal characters/)

  // The user fixes the SID (the focus stays in the field) and clicks the button once, with the mouse.
  await page.fill('#s-accountSID', DEMO_CREDENTIALS.accountSid)
  // While typing, the result line stops claiming that the credentials are invalid.
  expect(await page.textContent('#auth-result')).not.toMatch(/invalid/i)
  await page.getByRole('button', { name: 'Test connection' }).click()
  await expectText(page, '#auth-result', /Connection works/)
  expect(await page.textContent('#se-accountSID')).toBe('')
  expect(await page.getAttribute('#s-accountSID', 'aria-invalid')).toBeNull()
  expect(problems).toEqual([])
  await page.close()
})

test('an empty secret: Test connection names the field and the fix once, in words, as POST /sendMessage does', async () => {
  const { page, problems } = await openPage(harness, { width: 1280, height: 800 })
  await page.fill('#s-apiKeySecret', '')
  await page.getByRole('button', { name: 'Test connection' }).click()
  await expectText(page, '#auth-result', /Not tested/)
  // The result line says where; the field says what to do, once; never the schema's words.
  expect(await page.textContent('#auth-result')).toBe('✗ Not tested: fix Twilio API Key Secret.')
  const message = (await page.textContent('#se-apiKeySecret')) ?? ''
  expect(message).toBe('Empty or not text: paste the secret shown when the API key was created.')
  expect(await occurrences(page, 'paste the secret')).toBe(1)
  expect(await page.locator('body').innerText()).not.toMatch(/root value|required field/)
  expect(await page.getAttribute('#s-apiKeySecret', 'aria-invalid')).toBe('true')
  // A screen reader reads the message with the field.
  const described = await page.getAttribute('#s-apiKeySecret', 'aria-describedby')
  expect(described?.split(' ')).toContain('se-apiKeySecret')

  // The dev server's own answer for the same settings says the same fix (no schema text), before any request.
  const settings = { accountSID: DEMO_CREDENTIALS.accountSid, apiKeySID: DEMO_CREDENTIALS.apiKeySid }
  const post = async (path: string, body: unknown) =>
    (
      await fetch(`${harness.devServer.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body)
      })
    ).json()
  const authenticated = await post('/authenticate', settings)
  expect(authenticated.fields.apiKeySecret).toMatch(/paste the secret shown when the API key was created/)
  expect(JSON.stringify(authenticated)).not.toMatch(/root value|required field/)
  const sent = await post('/sendMessage', { payload: sampleEvent(), settings, mapping: sampleMapping() })
  expect(sent[0].message).toMatch(/^Twilio API Key Secret \(apiKeySecret\) .*paste the secret shown when the API key/)
  expect(sent[0].exchanges).toBeUndefined()
  expect(problems).toEqual([])
  await page.close()
})
