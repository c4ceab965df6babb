// The From dropdown's choices for a channel whose senders Twilio lists (the Senders API, WhatsApp): senders that
// can send first, each with its status, so a marketer sees at once which number works and why another does not.
import type { DynamicFieldItem } from '@segment/actions-core'
import { SENDABLE_SENDER_STATUSES, senderAddress } from '../twilio'
import type { ChannelSender } from '../twilio'

const STATUS_LABELS: Record<string, string> = {
  ONLINE: 'online',
  'ONLINE:UPDATING': 'online, profile update under review',
  OFFLINE: 'offline: cannot send',
  CREATING: 'being created: cannot send yet',
  PENDING_VERIFICATION: 'waiting for verification: cannot send yet',
  VERIFYING: 'being verified: cannot send yet',
  STUBBED: 'not set up: cannot send'
}

export interface SenderChoices {
  choices: DynamicFieldItem[]
  /** How many of the listed senders can send now. */
  sendable: number
}

/** `label` is the channel's name for descriptions (`WhatsApp`); `channelFilter` its Senders API filter (`whatsapp`). */
export function senderChoices(senders: ChannelSender[], label: string, channelFilter: string): SenderChoices {
  const rows: Array<{ choice: DynamicFieldItem; canSend: boolean }> = []
  const seen = new Set<string>()
  for (const sender of senders) {
    const address = typeof sender?.sender_id === 'string' ? senderAddress(sender.sender_id, channelFilter) : ''
    if (!address || seen.has(address)) continue
    seen.add(address)
    const status = typeof sender.status === 'string' ? sender.status.trim().toUpperCase() : ''
    const canSend = SENDABLE_SENDER_STATUSES.includes(status)
    const name = typeof sender.profile?.name === 'string' ? sender.profile.name.replace(/\s+/g, ' ').trim() : ''
    const reason = (sender.offline_reasons ?? []).find((item) => typeof item?.message === 'string' && item.message)
    const state = STATUS_LABELS[status] ?? (status ? `status ${status}: cannot send` : 'status unknown')
    rows.push({
      choice: {
        label: name ? `${address} (${name})` : address,
        value: address,
        description: `${label} sender · ${state}${!canSend && reason ? ` (${reason.message})` : ''}`
      },
      canSend
    })
  }
  rows.sort(
    (a, b) =>
      Number(b.canSend) - Number(a.canSend) ||
      a.choice.label.localeCompare(b.choice.label, 'en', { sensitivity: 'base', numeric: true })
  )
  return { choices: rows.map((row) => row.choice), sendable: rows.filter((row) => row.canSend).length }
}
