// @ts-check
// Sample events for the Event panel: what a Segment source would send.

export const SAMPLES = [
  {
    name: 'Order Completed (track)',
    event: {
      type: 'track',
      event: 'Order Completed',
      userId: 'user-1001',
      anonymousId: 'anon-1001',
      messageId: 'tester-order-completed-1',
      timestamp: '2026-03-02T10:15:00.000Z',
      properties: {
        order_id: 'A-1001',
        total: 59.9,
        currency: 'USD',
        first_name: 'Ada',
        phone: '+14155552671',
        products: [{ sku: 'sneaker-01', name: 'Runner', price: 59.9, quantity: 1 }],
        receipt_url: 'https://example.com/receipts/A-1001.png'
      },
      context: {
        traits: { phone: '+14155552671', first_name: 'Ada', email: 'ada@example.com' },
        timezone: 'America/Los_Angeles'
      }
    }
  },
  {
    name: 'Identify with phone traits',
    event: {
      type: 'identify',
      userId: 'user-1002',
      anonymousId: 'anon-1002',
      messageId: 'tester-identify-1',
      timestamp: '2026-03-02T10:20:00.000Z',
      traits: {
        first_name: 'Grace',
        last_name: 'Hopper',
        phone: '+14155552672',
        email: 'grace@example.com',
        messenger_id: '1234567890123456'
      },
      context: { traits: { phone: '+14155552672', first_name: 'Grace' }, timezone: 'America/New_York' }
    }
  }
]
