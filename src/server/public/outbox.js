// @ts-check
// The emulator's outbox (emulator mode only): the messages it accepted, drawn as chat bubbles, each with its
// status timeline; updated live while the page is visible.
import { api, byId, h, isObject } from './dom.js'
import { timeZoneLabel } from './date-time.js'
import { withRegion } from './region.js'
import {
  localTime,
  renderActions,
  renderCallbacks,
  renderInboundForm,
  renderLateError,
  renderTimeline
} from './outbox-timeline.js'

/** How often the outbox is read again while the page is visible. */
const POLL_MS = 1000

/** @param {string} url */
function isLoopback(url) {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname)
  } catch {
    return false
  }
}

const SVG = 'http://www.w3.org/2000/svg'

/** A drawn icon (no emoji font needed): a picture, or a sheet of paper for other files. @param {boolean} picture */
function mediaIcon(picture) {
  const svg = document.createElementNS(SVG, 'svg')
  svg.setAttribute('viewBox', '0 0 24 24')
  svg.setAttribute('class', 'media-icon')
  svg.setAttribute('aria-hidden', 'true')
  const shapes = picture
    ? [
        ['rect', { x: '2.5', y: '4.5', width: '19', height: '15', rx: '2' }],
        ['circle', { cx: '8', cy: '9.5', r: '1.8' }],
        ['path', { d: 'M4 18l5-5 3.5 3.5L15 14l5 4.5' }]
      ]
    : [
        ['path', { d: 'M6 2.5h8l4.5 4.5v14.5h-12.5z' }],
        ['path', { d: 'M14 2.5V7h4.5' }]
      ]
  for (const [tag, attributes] of /** @type {Array<[string, Record<string, string>]>} */ (shapes)) {
    const shape = document.createElementNS(SVG, tag)
    for (const [name, value] of Object.entries(attributes)) shape.setAttribute(name, value)
    svg.append(shape)
  }
  return svg
}

/** A media thumbnail: loopback images are shown; other URLs are not fetched (the page stays offline). */
/** @param {string} url */
function mediaTile(url) {
  let name = url
  try {
    name = decodeURIComponent(new URL(url).pathname.split('/').pop() || url)
  } catch {
    // keep the URL
  }
  const inner = isLoopback(url)
    ? h('img', { src: url, alt: name, loading: 'lazy' })
    : mediaIcon(/\.(png|jpe?g|gif|webp|svg)$/i.test(name))
  return h('a', { class: 'media-tile', href: url, title: url, target: '_blank', rel: 'noopener noreferrer' }, [
    inner,
    h('span', { class: 'media-name', text: name })
  ])
}

/** An object, or a JSON string of one (the emulator keeps Tags as Twilio received them). @param {unknown} value */
function jsonObject(value) {
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value)
    } catch {
      return {}
    }
  }
  return isObject(value) ? value : {}
}

/** @param {Record<string, any>} message */
function renderBubble(message) {
  const extra = message.emulator ?? {}
  const media = Array.isArray(extra.media_urls) ? extra.media_urls : []
  const rawChannel = String(extra.channel ?? 'sms').toLowerCase()
  // Twilio has one SMS channel; a message with media is what people call MMS.
  const channel = rawChannel === 'sms' && media.length ? 'mms' : rawChannel
  const inbound = message.direction === 'inbound'
  const meta = h('p', { class: 'bubble-meta' }, [
    h('span', { class: `chip chip-${channel}`, text: channel.toUpperCase() }),
    inbound ? ' reply ' : '',
    ' ',
    h('span', { class: 'mono', text: message.from ?? message.messaging_service_sid ?? '' }),
    ' → ',
    h('span', { class: 'mono', text: message.to ?? '' })
  ])
  const bubble = h('div', { class: `bubble bubble-${channel}${inbound ? ' bubble-inbound' : ''}` })
  if (extra.content_sid) {
    bubble.append(h('p', { class: 'bubble-template' }, ['Template ', h('code', { text: extra.content_sid })]))
    const variables = Object.entries(jsonObject(extra.content_variables))
    if (variables.length) {
      bubble.append(
        h(
          'dl',
          { class: 'vars' },
          variables.flatMap(([name, value]) => [h('dt', { text: `{{${name}}}` }), h('dd', { text: String(value) })])
        )
      )
    }
  }
  if (message.body) bubble.append(h('p', { class: 'bubble-body', text: message.body }))
  const buttons = Array.isArray(extra.buttons) ? extra.buttons : []
  if (buttons.length) {
    bubble.append(
      h(
        'ul',
        { class: 'preview-buttons', 'aria-label': 'Buttons' },
        buttons.map((/** @type {unknown} */ title) => h('li', { text: String(title) }))
      )
    )
  }
  if (media.length)
    bubble.append(
      h(
        'div',
        { class: 'media' },
        media.map((/** @type {unknown} */ url) => mediaTile(String(url)))
      )
    )
  const details = [message.date_created ? `created ${localTime(message.date_created, true)}` : '']
  if (extra.send_at) details.push(`scheduled for ${localTime(extra.send_at, true)}`)
  if (extra.validity_period) details.push(`valid ${extra.validity_period} s`)
  if (extra.segments) details.push(`${extra.segments} segment${extra.segments === 1 ? '' : 's'}`)
  if (message.price) details.push(`${message.price} ${message.price_unit ?? ''}`.trim())
  const foot = h('p', { class: 'bubble-foot', text: details.filter(Boolean).join(' · ') })
  const tags = Object.entries(jsonObject(extra.tags))
  const tagLine = tags.length
    ? h(
        'p',
        { class: 'tags' },
        tags.map(([name, value]) => h('span', { class: 'chip', text: `${name}: ${value}` }))
      )
    : ''
  const sid = h('p', { class: 'bubble-sid mono', text: message.sid ?? '' })
  return h(
    'li',
    {
      class: `outbox-item${inbound ? ' outbox-inbound' : ''}`,
      'data-sid': message.sid ?? '',
      'data-status': message.status ?? ''
    },
    [
      meta,
      bubble,
      renderTimeline(message),
      renderLateError(message),
      foot,
      tagLine,
      renderCallbacks(message),
      renderActions(message, refreshOutbox),
      sid
    ]
  )
}

/** The last answer drawn: an unchanged outbox is not drawn again (keeps focus and selection). */
let drawn = ''

export async function refreshOutbox() {
  const list = byId('outbox')
  const { data, ok } = await api(withRegion('/tester/outbox?limit=20'))
  const text = JSON.stringify(data ?? null)
  if (text === drawn) return
  drawn = text
  if (!ok) {
    list.replaceChildren(h('li', { class: 'field-error', text: data?.error ?? 'The outbox could not be read.' }))
    return
  }
  const messages = Array.isArray(data?.messages) ? data.messages : []
  list.replaceChildren(
    ...(messages.length
      ? messages.map(renderBubble)
      : [h('li', { class: 'help', text: 'No messages yet: send a test event.' })])
  )
}

/** Draws the outbox with its reply form, then follows the lifecycle live while the page is visible. */
export async function startOutbox() {
  byId('outbox-zone').textContent = `Times are in your browser's time zone, ${timeZoneLabel()}.`
  byId('outbox').before(renderInboundForm(refreshOutbox))
  await refreshOutbox()
  let busy = false
  window.setInterval(() => {
    if (busy || document.hidden) return
    busy = true
    refreshOutbox()
      .catch(() => undefined)
      .finally(() => (busy = false))
  }, POLL_MS)
}
