// Chromium's own accessibility tree for one element (through the DevTools protocol): its role, accessible name and
// description as a screen reader gets them, and whether it is a live region.
import type { Page } from 'playwright-core'

export interface AxNode {
  role: string
  name: string
  description: string
  live?: string
}

interface RawAxNode {
  ignored?: boolean
  role?: { value?: string }
  name?: { value?: string }
  description?: { value?: string }
  properties?: Array<{ name: string; value?: { value?: unknown } }>
}

/** The accessibility node of the first element matching `selector`. */
export async function axNode(page: Page, selector: string): Promise<AxNode> {
  const session = await page.context().newCDPSession(page)
  try {
    const { root } = await session.send('DOM.getDocument', { depth: 0 })
    const { nodeId } = await session.send('DOM.querySelector', { nodeId: root.nodeId, selector })
    if (!nodeId) throw new Error(`axNode: nothing matches ${selector}`)
    const { nodes } = (await session.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false })) as {
      nodes: RawAxNode[]
    }
    const node = nodes[0]
    const live = node.properties?.find((property) => property.name === 'live')?.value?.value
    return {
      role: String(node.role?.value ?? ''),
      name: String(node.name?.value ?? ''),
      description: String(node.description?.value ?? ''),
      ...(typeof live === 'string' ? { live } : {})
    }
  } finally {
    await session.detach()
  }
}
