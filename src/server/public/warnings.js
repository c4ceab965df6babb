// @ts-check
// Values the form takes but Twilio would refuse, said next to their field without blocking the send (the lists
// are the account's, and a value may be right although it is not listed): a From number that is not one of the
// account's WhatsApp senders (Twilio's 63007), and a Content Template that WhatsApp has not approved.
import { h } from './dom.js'
import { state } from './state.js'

/** @typedef {import('./state.js').FieldUi} FieldUi @typedef {import('./combobox.js').Combobox} Combobox */

/** @param {string} key @param {string} text */
function warn(key, text) {
  const line = document.getElementById(`x-${key}`)
  if (line && line.textContent !== text) line.textContent = text
}

/** The channel as chosen (a fixed value), lower-cased; '' when mapped from the event or empty. */
export function channelChosen() {
  const value = state.ui.get('channel')?.literal()
  return typeof value === 'string' ? value.trim().toLowerCase() : ''
}

/** The channel's label as its dropdown shows it (`WhatsApp` for the stored `Whatsapp`). */
export function channelLabel() {
  const box = state.ui.get('channel')?.comboboxes[0]
  const chosen = channelChosen()
  return box?.choices.find((choice) => choice.value.toLowerCase() === chosen)?.label ?? chosen
}

/** A list that can be judged: loaded for the current choices, complete, without an error. @param {Combobox} box */
function judgeable(box) {
  return !box.stale && !box.loading && !box.nextPage && !box.error
}

/** `whatsapp:+1415…` and `+1415…` are the same sender. @param {string} value */
const bare = (value) => value.trim().replace(/^whatsapp:/i, '')

/** The account's senders for the chosen channel, when the From list is loaded for it (WhatsApp only). */
export function channelSenders() {
  const ui = state.ui.get('fromPhoneNumber')
  const box = ui?.comboboxes[0]
  if (!ui || ui.row.hidden || !box || !judgeable(box) || channelChosen() !== 'whatsapp') return undefined
  return box.choices.map((choice) => choice.value)
}

/** From Phone Number on WhatsApp: one of the account's WhatsApp senders. @param {FieldUi} ui */
function checkSender(ui) {
  const senders = channelSenders()
  const value = ui.mode === 'fixed' ? String(ui.literal() ?? '') : ''
  if (!senders || !value.trim() || senders.some((sender) => bare(sender) === bare(value))) return warn(ui.key, '')
  const fix = senders.length
    ? `pick one of ${senders.join(', ')}.`
    : 'this account has none: add one in Twilio Console > Messaging > Senders > WhatsApp senders.'
  warn(
    ui.key,
    `"${value.trim()}" is not a WhatsApp sender of this account: Twilio would refuse it (error 63007). Fix: ${fix}`
  )
}

/** Content Template SID on WhatsApp: approved by WhatsApp, as its choice's description says. @param {FieldUi} ui */
function checkTemplate(ui) {
  const box = ui.comboboxes[0]
  const value = ui.mode === 'fixed' ? String(ui.literal() ?? '').trim() : ''
  const choice = box && value ? box.choices.find((candidate) => candidate.value === value) : undefined
  // "Quick Reply · WhatsApp approval pending · language en": the part about WhatsApp, unless it says approved.
  const about = (choice?.description ?? '').split(' · ').find((part) => /whatsapp/i.test(part))
  const status = about && about !== 'approved for WhatsApp' && !/^no WhatsApp/.test(about) ? about : undefined
  if (!status || channelChosen() !== 'whatsapp') return warn(ui.key, '')
  warn(
    ui.key,
    `Not approved for WhatsApp (${status}): Twilio sends it only inside a 24-hour session opened by the ` +
      'recipient. Fix: pick an approved template for messages that start a conversation.'
  )
}

/** Checks every field that has a warning rule; called when a value or a list changes. */
export function checkWarnings() {
  const from = state.ui.get('fromPhoneNumber')
  if (from) checkSender(from)
  const template = state.ui.get('contentSid')
  if (template) checkTemplate(template)
}

/** Buttons that put one of the account's senders in From Phone Number. @param {(value: string) => void} use */
export function senderButtons(use) {
  const senders = channelSenders() ?? []
  return senders.map((sender) => {
    const button = h('button', { type: 'button', class: 'secondary small', text: `Use ${sender}` })
    button.setAttribute('aria-label', `Use ${sender} as From Phone Number`)
    button.addEventListener('click', () => use(sender))
    return button
  })
}
