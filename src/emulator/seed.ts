// The demo Twilio account the emulator serves: numbers, a short code, Messaging Services, content templates and
// WhatsApp approval states. Every SID is derived from a label, so two runs (and two machines) see the same SIDs.
import { createHash } from 'node:crypto'

export interface EmulatorCredentials {
  accountSid: string
  apiKeySid: string
  apiKeySecret: string
  /** Optional: lets `AccountSid:AuthToken` Basic auth in too (the main account credential on real Twilio). */
  authToken?: string
}

/** Obviously fake, fixed credentials of the demo account. */
export const DEMO_CREDENTIALS: Readonly<Required<EmulatorCredentials>> = Object.freeze({
  accountSid: 'ACdeadbeefdeadbeefdeadbeefdeadbeef',
  apiKeySid: 'SKdecafbaddecafbaddecafbaddecafbad',
  apiKeySecret: 'emulator-demo-secret-not-a-real-key',
  authToken: 'emulator-demo-auth-token-not-real'
})

/** A stable `<prefix><32 hex>` SID for a label. */
export function stableSid(prefix: string, label: string): string {
  return prefix + createHash('md5').update(`${prefix}:${label}`).digest('hex')
}

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

export type ApprovalStatus = 'unsubmitted' | 'received' | 'pending' | 'approved' | 'rejected' | 'paused' | 'disabled'

export interface SeedApproval {
  name: string
  category: string
  status: ApprovalStatus
  rejectionReason: string
  allowCategoryChange: boolean
}

export interface SeedContent {
  sid: string
  friendlyName: string
  language: string
  variables: Record<string, string>
  types: Record<string, unknown>
  approval: SeedApproval
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

/** The magic number of Twilio's test credentials that always succeeds as From. */
export const MAGIC_FROM_OK = '+15005550006'

const day = (iso: string) => new Date(`${iso}T12:00:00Z`)

export function createDemoAccount(
  accountSid: string = DEMO_CREDENTIALS.accountSid,
  seed: SeedOptions = {}
): DemoAccount {
  const number = (phoneNumber: string, friendlyName: string, capabilities: Capabilities, created: string) => ({
    sid: stableSid('PN', `${accountSid}:${phoneNumber}`),
    phoneNumber,
    friendlyName,
    capabilities,
    dateCreated: day(created)
  })
  const phoneNumbers: SeedPhoneNumber[] = [
    number(
      '+14155550100',
      'Main line (SMS, MMS, voice)',
      { voice: true, sms: true, mms: true, fax: false },
      '2023-02-01'
    ),
    number(
      '+14155550101',
      'Notifications (SMS only)',
      { voice: false, sms: true, mms: false, fax: false },
      '2023-03-14'
    ),
    number(
      '+14155550102',
      'Support hotline (voice only)',
      { voice: true, sms: false, mms: false, fax: false },
      '2023-04-02'
    ),
    number(
      '+442071838750',
      'London (upper-case capability keys)',
      { voice: true, SMS: true, MMS: false },
      '2023-06-20'
    ),
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
      dateCreated: day('2023-05-05')
    }
  ]

  const services: SeedService[] = [
    {
      sid: stableSid('MG', `${accountSid}:marketing`),
      friendlyName: 'Marketing (SMS, MMS, RCS)',
      usecase: 'marketing',
      senders: ['+14155550100', '89757', 'rcs:demo_brand_agent'],
      statusCallback: null,
      dateCreated: day('2023-05-10')
    },
    {
      sid: stableSid('MG', `${accountSid}:notifications`),
      friendlyName: 'Notifications [WhatsApp]',
      usecase: 'notifications',
      senders: ['+14155550101', 'whatsapp:+14155550123'],
      statusCallback: null,
      dateCreated: day('2024-01-10')
    }
  ]

  const content = (
    label: string,
    created: string,
    variables: Record<string, string>,
    types: Record<string, unknown>,
    approval: Partial<SeedApproval> & { status: ApprovalStatus }
  ): SeedContent => ({
    sid: stableSid('HX', `${accountSid}:${label}`),
    friendlyName: label,
    language: 'en',
    variables,
    types,
    approval: {
      name: approval.status === 'unsubmitted' ? '' : label,
      category: approval.category ?? (approval.status === 'unsubmitted' ? '' : 'MARKETING'),
      status: approval.status,
      rejectionReason: approval.rejectionReason ?? '',
      allowCategoryChange: approval.allowCategoryChange ?? true
    },
    dateCreated: day(created)
  })

  const contents: SeedContent[] = [
    content(
      'order_confirmation',
      '2024-02-01',
      { 1: 'Customer', 2: 'your order' },
      { 'twilio/text': { body: 'Hi {{1}}, {{2}} is confirmed. Reply STOP to opt out.' } },
      { status: 'approved', category: 'UTILITY', allowCategoryChange: false }
    ),
    content(
      'welcome_named',
      '2024-02-02',
      { first_name: 'there' },
      { 'twilio/text': { body: 'Welcome aboard, {{first_name}}!' } },
      { status: 'unsubmitted' }
    ),
    content(
      'product_photo',
      '2024-02-03',
      { 1: 'Customer', 2: 'sneaker' },
      {
        'twilio/media': {
          body: '{{1}}, the {{2}} you liked is back in stock.',
          media: ['https://demo.example.com/images/{{2}}.jpg']
        }
      },
      { status: 'approved' }
    ),
    content(
      'appointment_reminder',
      '2024-02-04',
      { 1: 'Customer', 2: 'tomorrow at 10:00' },
      {
        'twilio/quick-reply': {
          body: 'Hi {{1}}, see you {{2}}. Can you make it?',
          actions: [
            { type: 'QUICK_REPLY', title: 'Confirm', id: 'confirm' },
            { type: 'QUICK_REPLY', title: 'Reschedule', id: 'reschedule' }
          ]
        },
        'twilio/text': { body: 'Hi {{1}}, see you {{2}}. Reply YES to confirm.' }
      },
      { status: 'pending', category: 'UTILITY' }
    ),
    content(
      'spring_sale_card',
      '2024-02-05',
      { 1: '20%' },
      {
        'twilio/card': {
          title: 'Spring sale: {{1}} off',
          subtitle: 'This week only',
          media: ['https://demo.example.com/images/spring.jpg'],
          actions: [{ type: 'URL', title: 'Shop now', url: 'https://demo.example.com/sale' }]
        }
      },
      {
        status: 'rejected',
        rejectionReason: 'INVALID_FORMAT: the template header is missing an example value.'
      }
    ),
    content(
      'new_arrivals_carousel',
      '2024-02-06',
      { 1: 'Customer' },
      {
        'twilio/carousel': {
          body: '{{1}}, new arrivals picked for you',
          cards: [
            {
              title: 'Runner',
              body: 'Light and fast',
              media: 'https://demo.example.com/images/runner.jpg',
              actions: [{ type: 'URL', title: 'View', url: 'https://demo.example.com/p/runner' }]
            },
            {
              title: 'Trail',
              body: 'Grip for any path',
              media: 'https://demo.example.com/images/trail.jpg',
              actions: [{ type: 'QUICK_REPLY', title: 'More like this', id: 'more_trail' }]
            }
          ]
        }
      },
      { status: 'approved' }
    ),
    content(
      'catalog_featured',
      '2024-02-07',
      { 1: 'Customer' },
      {
        'twilio/catalog': {
          title: 'Featured',
          body: 'Hi {{1}}, our featured products',
          subtitle: 'Tap to browse',
          id: 'demo_catalog',
          items: [{ id: 'sku-1', section_title: 'Shoes' }]
        }
      },
      { status: 'received' }
    ),
    content(
      'login_code',
      '2024-02-08',
      { 1: '000000' },
      {
        'whatsapp/authentication': {
          add_security_recommendation: true,
          code_expiration_minutes: 5,
          actions: [{ type: 'COPY_CODE', copy_code_text: 'Copy code' }]
        }
      },
      { status: 'approved', category: 'AUTHENTICATION', allowCategoryChange: false }
    ),
    content(
      'store_location',
      '2024-02-09',
      { store: 'Downtown' },
      {
        'twilio/location': { latitude: 37.7793, longitude: -122.4193, label: '{{store}} store' },
        'twilio/text': { body: 'Our {{store}} store: 1 Market St, San Francisco' }
      },
      { status: 'paused' }
    ),
    content(
      'call_us',
      '2024-02-10',
      {},
      {
        'twilio/call-to-action': {
          body: 'Questions about your order? Call us.',
          actions: [{ type: 'PHONE_NUMBER', title: 'Call support', phone: '+14155550102' }]
        }
      },
      { status: 'unsubmitted' }
    ),
    content(
      'pick_a_size',
      '2024-02-11',
      { 1: 'Customer' },
      {
        'twilio/list-picker': {
          body: '{{1}}, which size?',
          button: 'Choose',
          items: [
            { item: 'Small', id: 's', description: 'EU 38-40' },
            { item: 'Large', id: 'l', description: 'EU 44-46' }
          ]
        }
      },
      { status: 'pending' }
    ),
    content(
      'wa_card_promo',
      '2024-02-12',
      { 1: 'Customer' },
      {
        'whatsapp/card': {
          body: '{{1}}, your coupon is inside',
          footer: 'Valid until Sunday',
          media: ['https://demo.example.com/images/coupon.jpg'],
          actions: [{ type: 'URL', title: 'Redeem', url: 'https://demo.example.com/coupon' }]
        }
      },
      { status: 'disabled' }
    )
  ]

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
