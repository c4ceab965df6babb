// The demo Twilio account the emulator serves: numbers, a short code, Messaging Services, content templates
// (demo-content-templates.ts) and WhatsApp senders. Every SID is derived from a label, so two runs (and two
// machines) see the same SIDs.
import { demoContentTemplates, type SeedContent } from './demo-content-templates'
import { DEMO_CREDENTIALS } from './demo-credentials'
import { MAGIC_FROM_OK } from './magic-numbers'
import { seedDay, stableSid } from './stable-seed-values'

// Kept importable from here, where callers have always found them.
export { DEMO_CREDENTIALS, MAGIC_FROM_OK, stableSid }
export type { EmulatorCredentials } from './demo-credentials'
export type { ApprovalStatus, SeedApproval, SeedContent } from './demo-content-templates'

export type Capabilities = Record<string, boolean>

export interface SeedPhoneNumber {
  sid: string
  phoneNumber: string
  friendlyName: string
  /** As Twilio answers it; some accounts see upper-case `SMS`/`MMS` keys. */
  capabilities: Capabilities
  dateCreated: Date
}

export interface SeedShortCode {
  sid: string
  shortCode: string
  friendlyName: string
  dateCreated: Date
}

export interface SeedService {
  sid: string
  friendlyName: string
  usecase: string
  /** Senders in the pool: E.164 numbers, short codes, `whatsapp:+…`, `rcs:<agent>`. */
  senders: string[]
  /** The service's own status callback URL: used for its messages that have no StatusCallback. */
  statusCallback: string | null
  dateCreated: Date
}

export interface SeedOptions {
  /** Adds this many SMS/MMS numbers (`+1628…`) after the demo numbers, e.g. 5,000 for a benchmark. */
  extraPhoneNumbers?: number
  /**
   * Shape of `approval_requests` in ContentAndApprovals: `flat` as in Twilio's spec (default), or `nested`
   * (`{whatsapp: {...}}`) as some accounts see it.
   */
  approvalShape?: 'flat' | 'nested'
}

export interface DemoAccount {
  accountSid: string
  friendlyName: string
  phoneNumbers: SeedPhoneNumber[]
  shortCodes: SeedShortCode[]
  services: SeedService[]
  contents: SeedContent[]
  /** Registered WhatsApp senders (E.164, without the `whatsapp:` prefix). */
  whatsappSenders: string[]
  /** Facebook Page IDs connected as Messenger senders. */
  messengerPageIds: string[]
  approvalShape: 'flat' | 'nested'
}

export function createDemoAccount(
  accountSid: string = DEMO_CREDENTIALS.accountSid,
  seed: SeedOptions = {}
): DemoAccount {
  const number = (phoneNumber: string, friendlyName: string, capabilities: Capabilities, created: string) => ({
    sid: stableSid('PN', `${accountSid}:${phoneNumber}`),
    phoneNumber,
    friendlyName,
    capabilities,
    dateCreated: seedDay(created)
  })
  const phoneNumbers: SeedPhoneNumber[] = [
    number('+14155550100', 'Main line', { voice: true, sms: true, mms: true, fax: false }, '2023-02-01'),
    number('+14155550101', 'Notifications', { voice: false, sms: true, mms: false, fax: false }, '2023-03-14'),
    number('+14155550102', 'Support hotline', { voice: true, sms: false, mms: false, fax: false }, '2023-04-02'),
    // Its capability keys in upper case (SMS, MMS), as some numbers' answers have them.
    number('+442071838750', 'London', { voice: true, SMS: true, MMS: false }, '2023-06-20'),
    number('+14155550123', 'WhatsApp sender', { voice: false, sms: true, mms: true, fax: false }, '2024-01-09'),
    number(MAGIC_FROM_OK, 'Twilio magic test number', { voice: true, sms: true, mms: true, fax: false }, '2024-02-29')
  ]
  const extra = Math.max(0, Math.floor(seed.extraPhoneNumbers ?? 0))
  for (let i = 0; i < extra; i++) {
    const phoneNumber = `+1628${String(2000000 + i).padStart(7, '0')}`
    phoneNumbers.push(
      number(
        phoneNumber,
        `Bulk number ${i + 1}`,
        { voice: i % 3 === 0, sms: true, mms: i % 2 === 0, fax: false },
        '2025-01-01'
      )
    )
  }

  const shortCodes: SeedShortCode[] = [
    {
      sid: stableSid('SC', `${accountSid}:89757`),
      shortCode: '89757',
      friendlyName: 'Promotions short code',
      dateCreated: seedDay('2023-05-05')
    }
  ]

  const services: SeedService[] = [
    {
      sid: stableSid('MG', `${accountSid}:marketing`),
      friendlyName: 'Marketing',
      usecase: 'marketing',
      senders: ['+14155550100', '89757', 'rcs:demo_brand_agent'],
      statusCallback: null,
      dateCreated: seedDay('2023-05-10')
    },
    {
      sid: stableSid('MG', `${accountSid}:notifications`),
      friendlyName: 'WhatsApp notifications',
      usecase: 'notifications',
      senders: ['+14155550101', 'whatsapp:+14155550123'],
      statusCallback: null,
      dateCreated: seedDay('2024-01-10')
    }
  ]

  const contents = demoContentTemplates(accountSid)

  return {
    accountSid,
    friendlyName: 'Emulator demo account',
    phoneNumbers,
    shortCodes,
    services,
    contents,
    whatsappSenders: ['+14155550123'],
    messengerPageIds: ['101234567890123'],
    approvalShape: seed.approvalShape ?? 'flat'
  }
}
