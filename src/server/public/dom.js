// @ts-check
// Small DOM and HTTP helpers shared by the tester page's modules.

/** @param {string} id */
export function byId(id) {
  const element = document.getElementById(id)
  if (!element) throw new Error(`#${id} is missing from index.html`)
  return element
}

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string>} [attributes]
 * @param {Array<Node | string>} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attributes = {}, children = []) {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') element.className = value
    else if (name === 'text') element.textContent = value
    else element.setAttribute(name, value)
  }
  element.append(...children)
  return element
}

/** Descriptions use `code` spans: rendered as <code>, everything else as text. */
/** @param {string} text */
export function richText(text) {
  const out = document.createDocumentFragment()
  text.split(/(`[^`]+`)/).forEach((part) => {
    if (part.startsWith('`') && part.endsWith('`') && part.length > 1)
      out.append(h('code', { text: part.slice(1, -1) }))
    else if (part) out.append(part)
  })
  return out
}

/**
 * @param {string} url
 * @param {unknown} [body]
 */
export async function api(url, body) {
  const response = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await response.text()
  let data
  try {
    data = text ? JSON.parse(text) : undefined
  } catch {
    data = text
  }
  return { status: response.status, ok: response.ok, data }
}

/** @param {unknown} value @returns {value is Record<string, unknown>} */
export function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** @param {HTMLElement} error @param {HTMLElement} input @param {string} message */
export function showError(error, input, message) {
  error.textContent = message
  input.setAttribute('aria-invalid', 'true')
  error.closest('.field')?.classList.add('has-error')
}

/** @param {HTMLElement | undefined} error @param {HTMLElement | undefined} input */
export function clearError(error, input) {
  if (error) {
    error.textContent = ''
    error.closest('.field')?.classList.remove('has-error')
  }
  input?.removeAttribute('aria-invalid')
}
