// @ts-check
// An error the destination reports from Twilio, in parts instead of one run-on paragraph: what Twilio said, the fix
// on its own line, and Twilio's page about the code as a link. For 63007 (no such sender on the channel) the fix
// offers the account's WhatsApp senders, one click each, instead of "register a sender".
import { h } from './dom.js'
import { focusField } from './results.js'
import { state } from './state.js'
import { channelSenders, senderButtons } from './warnings.js'

/** `… More info: https://… Fix: …` → its parts. @param {string} message */
export function splitTwilioMessage(message) {
  const match = /^([\s\S]*?)(?:\s+More info: (https?:\/\/\S+?))?(?:\s+Fix: ([\s\S]*))?$/.exec(message.trim())
  return { said: match?.[1] ?? message, link: match?.[2], fix: match?.[3] }
}

/** Puts a sender in From Phone Number, as if picked from its list. @param {string} sender */
function useSender(sender) {
  const box = state.ui.get('fromPhoneNumber')?.comboboxes[0]
  if (!box) return
  box.pick({ label: sender, value: sender })
  focusField('fromPhoneNumber')
}

/** The nodes of an error message. @param {string} message @param {string | undefined} code e.g. `TWILIO_63007` */
export function twilioErrorNodes(message, code) {
  const { said, link, fix } = splitTwilioMessage(message)
  const nodes = [h('p', { class: 'error-message', text: said })]
  const senders = code === 'TWILIO_63007' ? channelSenders() : undefined
  if (senders?.length) {
    nodes.push(
      h('p', { class: 'error-fix' }, [
        h('strong', { text: 'Fix: ' }),
        `From Phone Number must be one of the WhatsApp senders of this account: ${senders.join(', ')}.`
      ]),
      h('p', { class: 'error-actions' }, senderButtons(useSender))
    )
  } else if (fix) {
    nodes.push(h('p', { class: 'error-fix' }, [h('strong', { text: 'Fix: ' }), fix]))
  }
  if (link) {
    const number = /(\d+)\/?$/.exec(link)?.[1]
    const anchor = h('a', { href: link, target: '_blank', rel: 'noopener noreferrer' }, [
      number ? `Twilio’s page on error ${number}` : 'Twilio’s page on this error'
    ])
    nodes.push(h('p', { class: 'error-link' }, [anchor]))
  }
  return nodes
}
