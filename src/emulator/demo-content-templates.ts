// The demo account's Content templates: text, media, quick replies, cards, a carousel, a catalog, authentication,
// location, call-to-action and list-picker types, covering every WhatsApp approval status, so that clients of the
// Content API meet each case offline.
import { seedDay, stableSid } from './stable-seed-values'

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

/** The templates of the account `accountSid`, oldest first; their SIDs depend only on the account and the name. */
export function demoContentTemplates(accountSid: string): SeedContent[] {
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
    dateCreated: seedDay(created)
  })

  return [
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
}
