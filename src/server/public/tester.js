// @ts-check
// The mapping tester page: settings, a mapping form rendered from GET /manifest, an event editor, "Send test
// event" through POST /<action>, and the emulator's outbox. Talks only to the dev server that serves it.
// This module wires the panels together; each panel lives in its own module.
import { api, byId, isObject } from './dom.js'
import { setupEvent } from './event-panel.js'
import { trackMappingFocus } from './event-keys.js'
import { loadSaved, setupMappingFile } from './mapping-file.js'
import { applyMapping, renderMapping } from './mapping.js'
import { refreshOutbox, startOutbox } from './outbox.js'
import { listenForReloads } from './live-reload.js'
import { sendTestEvent } from './send.js'
import { setupRegion } from './region.js'
import { renderSettings, testConnection } from './settings.js'
import { renderFeatureFlags } from './feature-flags.js'
import { state } from './state.js'

async function main() {
  const [config, manifest] = await Promise.all([api('/tester/config'), api('/manifest')])
  const mode = config.data?.mode === 'emulator' ? 'emulator' : 'live'
  state.mode = mode
  const badge = byId('mode-badge')
  badge.textContent = config.data?.note ?? (mode === 'emulator' ? 'Offline emulator' : 'Live Twilio')
  badge.classList.add(mode)

  const definition = manifest.data ?? {}
  const settingsFields = definition.authentication?.fields ?? {}
  state.settingsFields = settingsFields
  const prefill = { ...(config.data?.demoSettings ?? {}) }
  if (typeof config.data?.demoSecret === 'string') {
    const secretKey = Object.keys(settingsFields).find((key) => settingsFields[key].type === 'password')
    if (secretKey) prefill[secretKey] = config.data.demoSecret
  }
  renderSettings(settingsFields, prefill)
  renderFeatureFlags(Array.isArray(config.data?.featureFlags) ? config.data.featureFlags : [])
  setupRegion(config.data)

  const actions = definition.actions ?? {}
  state.actionSlug = 'sendMessage' in actions ? 'sendMessage' : (Object.keys(actions)[0] ?? '')
  const action = actions[state.actionSlug] ?? { fields: {} }
  byId('mapping-title').textContent = `Mapping: ${action.title ?? state.actionSlug}`
  byId('action-description').textContent = action.description ?? ''
  renderMapping(action.fields ?? {})
  // The mapping of the last visit (kept in this browser, without settings); else the fields' defaults.
  const saved = loadSaved()
  if (saved.mapping) applyMapping(saved.mapping)

  const sample = config.data?.sampleMapping
  if (isObject(sample)) {
    byId('sample-mapping-row').hidden = false
    byId('use-sample-mapping').addEventListener('click', () => applyMapping(sample))
  }

  setupEvent(saved.event)
  trackMappingFocus()
  setupMappingFile()
  byId('settings-form').addEventListener('submit', (event) => {
    event.preventDefault()
    void testConnection()
  })
  byId('send-event').addEventListener('click', () => void sendTestEvent())
  if (mode === 'emulator') {
    byId('outbox-panel').hidden = false
    byId('refresh-outbox').addEventListener('click', () => void refreshOutbox())
    await startOutbox()
  }
  document.body.dataset.ready = 'true'
  void listenForReloads()
}

main().catch((error) => {
  const badge = byId('mode-badge')
  badge.classList.add('live')
  badge.textContent = `The page could not start: ${error instanceof Error ? error.message : String(error)}`
})
