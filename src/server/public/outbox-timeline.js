// @ts-check
// What happened to a message after Twilio accepted it: its status timeline (queued → sending → sent → delivered, or
// failed / undelivered with Twilio's code, message and the fix), its status callbacks, and the buttons that drive
// the emulator (cancel a scheduled message, simulate the recipient's reply or STOP).
import { api, h } from './dom.js'
import { withRegion } from './region.js'

/** Statuses a message never leaves (the emulator's FINAL_STATUSES). */
const FINAL = ['canceled', 'delivered', 'undelivered', 'failed', 'received']
const FAILED = ['failed', 'undelivered']

/**
 * `12:00:03` (or `2026-12-24 12:00:03` with `withDate`) from an ISO or RFC 2822 date, in the browser's time zone:
 * every time in the outbox is in that zone, which the panel names. @param {unknown} value @param {boolean} [withDate]
 */
export function localTime(value, withDate = false) {
  const date = new Date(String(value))
  if (Number.isNaN(date.getTime())) return ''
  const time = date.toLocaleTimeString('en-GB', { hour12: false })
  if (!withDate) return time
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${time}`
}

/** @param {Record<string, any>} message */
export function renderTimeline(message) {
  const events = Array.isArray(message.emulator?.events) ? message.emulator.events : []
  /** @type {HTMLElement[]} */
  const steps = events.map((/** @type {Record<string, any>} */ event) => {
    const failed = FAILED.includes(event.status)
    return h('li', { class: `step step-${event.status}${failed ? ' step-failed' : ''}` }, [
      h('span', { class: 'step-status', text: event.status }),
      ' ',
      h('time', { datetime: String(event.at), text: localTime(event.at) })
    ])
  })
  if (!FINAL.includes(message.status)) {
    const sendAt = message.emulator?.send_at
    const waiting = message.status === 'scheduled' ? `waiting for ${sendAt ? localTime(sendAt, true) : 'SendAt'}` : '…'
    steps.push(h('li', { class: 'step step-pending', text: waiting }))
  }
  // Arrows between the steps, hidden from screen readers (the list order says it).
  const items = steps.flatMap((step, index) =>
    index === 0 ? [step] : [h('li', { class: 'step-arrow', 'aria-hidden': 'true', text: '→' }), step]
  )
  return h('ol', { class: 'timeline', 'aria-label': 'Status timeline' }, items)
}

/** Twilio's error on a failed or undelivered message, with the fix from the destination's table. */
/** @param {Record<string, any>} message */
export function renderLateError(message) {
  if (!FAILED.includes(message.status) || message.error_code === null || message.error_code === undefined) return ''
  const parts = [
    h('p', {}, [
      h('strong', { class: 'late-error-code', text: `${message.status} ${message.error_code}` }),
      `: ${message.error_message ?? ''} `,
      h('a', {
        href: `https://www.twilio.com/docs/errors/${message.error_code}`,
        target: '_blank',
        rel: 'noopener noreferrer',
        text: 'Twilio docs'
      })
    ])
  ]
  if (typeof message.fix === 'string')
    parts.push(h('p', { class: 'late-error-fix' }, [h('b', { text: 'Fix: ' }), message.fix]))
  return h('div', { class: 'late-error', role: 'note' }, parts)
}

/** One line about the status callbacks: where they went and how they were answered. */
/** @param {Record<string, any>} message */
export function renderCallbacks(message) {
  const attempts = Array.isArray(message.emulator?.callbacks) ? message.emulator.callbacks : []
  if (!attempts.length) return ''
  const ok = attempts.filter((/** @type {Record<string, any>} */ attempt) => attempt.ok).length
  const failures = attempts.filter((/** @type {Record<string, any>} */ attempt) => !attempt.ok)
  const last = failures[failures.length - 1]
  const text =
    `Status callbacks to ${attempts[0].url}: ${ok} delivered` +
    (failures.length ? `, ${failures.length} failed (${last.error ?? `HTTP ${last.http_status}`})` : '')
  return h('p', { class: `callbacks-line${failures.length ? ' has-failures' : ''}`, text })
}

/**
 * Buttons for one message; each calls the dev server's /tester routes, then `refresh`.
 * @param {Record<string, any>} message
 * @param {() => Promise<void>} refresh
 */
export function renderActions(message, refresh) {
  const result = h('span', { class: 'action-result', role: 'status' })
  /** @param {string} label @param {string} url @param {unknown} body @param {string} [className] */
  const button = (label, url, body, className = 'secondary small') => {
    const element = h('button', { type: 'button', class: className, text: label })
    element.addEventListener('click', async () => {
      element.disabled = true
      const answer = await api(url, body)
      if (!answer.ok) result.textContent = answer.data?.error ?? `Refused (${answer.status}).`
      await refresh()
    })
    return element
  }
  const buttons = []
  if (message.status === 'scheduled') {
    buttons.push(
      button('Cancel scheduled message', withRegion(`/tester/outbox/${message.sid}/cancel`), {}, 'danger small')
    )
  }
  if (message.direction === 'outbound-api' && message.emulator?.channel !== 'rcs') {
    const reply = { from: message.to, to: message.from ?? undefined }
    const label = message.emulator?.channel === 'whatsapp' ? 'Simulate reply (opens 24 h session)' : 'Simulate reply'
    buttons.push(button(label, withRegion('/tester/simulate/inbound'), { ...reply, body: 'Hi!' }))
    buttons.push(button('Simulate STOP', withRegion('/tester/simulate/stop'), reply))
  }
  return buttons.length ? h('div', { class: 'message-actions' }, [...buttons, result]) : ''
}

/**
 * A form above the outbox: a reply from any recipient (a WhatsApp reply opens the 24-hour session).
 * @param {() => Promise<void>} refresh
 */
export function renderInboundForm(refresh) {
  const from = h('input', { id: 'inbound-from', class: 'mono', value: 'whatsapp:+14155552671', autocomplete: 'off' })
  const body = h('input', { id: 'inbound-body', value: 'Hi!', autocomplete: 'off' })
  const result = h('span', { id: 'inbound-result', class: 'action-result', role: 'status' })
  const form = h('form', { class: 'inbound-form', 'aria-label': 'Simulate an inbound message' }, [
    h('label', { for: 'inbound-from', text: 'Reply from' }),
    from,
    h('label', { for: 'inbound-body', text: 'saying' }),
    body,
    h('button', { type: 'submit', class: 'secondary small', text: 'Simulate inbound message' }),
    result
  ])
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const answer = await api(withRegion('/tester/simulate/inbound'), { from: from.value.trim(), body: body.value })
    result.textContent = answer.ok
      ? answer.data?.effect === 'opt-out'
        ? 'Opted out (STOP).'
        : answer.data?.effect === 'opt-in'
          ? 'Opted back in.'
          : 'Received: the 24-hour WhatsApp session with this recipient is open.'
      : (answer.data?.error ?? `Refused (${answer.status}).`)
    await refresh()
  })
  return form
}
