// @ts-check
// The Twilio Region the page's settings send through: shown in the header, and named in the page's requests that
// reach the emulator (it keeps each region's messages apart). Names and hosts come from GET /tester/config, from the
// destination's own tables: the page looks them up and never builds a host.
import { byId } from './dom.js'
import { state } from './state.js'

/** @typedef {{ name: string, hosts: Record<string, string[]> }} RegionInfo */

/** @type {Record<string, RegionInfo>} */
let regions = {}

/** The region of the settings as typed; empty is US1, as the destination reads it. */
export function currentRegion() {
  return state.settingsInputs.region?.value.trim().toLowerCase() || 'us1'
}

/** @param {string} path @returns {string} `path` with the settings' region in its query. */
export function withRegion(path) {
  return `${path}${path.includes('?') ? '&' : '?'}region=${encodeURIComponent(currentRegion())}`
}

/** What the header says about the region and edge typed in the settings. */
function describeRegion() {
  const region = currentRegion()
  const info = regions[region]
  const known = Object.keys(regions).join(' or ')
  if (!info) return `Twilio Region "${region}" is not one of ${known}: fix it in Settings.`
  const edge = state.settingsInputs.edge?.value.trim().toLowerCase() ?? ''
  // An empty edge is the region's own: the host without one (US1), or its only edge (IE1's dublin).
  const hosts = info.hosts[edge] ?? (edge === '' ? Object.values(info.hosts)[0] : undefined)
  if (!hosts) return `Twilio Edge Location "${edge}" does not reach ${info.name}: fix it in Settings.`
  return `Twilio Region: ${info.name}, ${new URL(hosts[0]).host}`
}

/** @param {{ regions?: Record<string, RegionInfo> } | undefined} config */
export function setupRegion(config) {
  regions = config?.regions ?? {}
  const line = byId('region-line')
  const update = () => {
    line.textContent = describeRegion()
  }
  for (const key of ['region', 'edge']) state.settingsInputs[key]?.addEventListener('input', update)
  update()
  line.hidden = false
}
