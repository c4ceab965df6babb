// Generated file. DO NOT MODIFY IT BY HAND.

export interface Payload {
  /**
   * How the message travels: SMS, MMS, WhatsApp, RCS or Messenger (Facebook Messenger). Example: `SMS`. The value is matched without regard to case.
   */
  channel: string
  /**
   * Who the message comes from: `Phone number` (one of your Twilio numbers, a short code or an alphanumeric sender ID), `Messaging Service` (a pool of senders; required for RCS and for scheduled messages) or `Facebook Page ID` (Messenger only).
   */
  senderType: string
  /**
   * Write the message here (`Inline`) or send a Twilio Content Template of this type (for example `Text`, `Media`, `Quick Reply`, `Card`). Only types the channel supports are offered. WhatsApp messages outside a 24-hour conversation need an approved template.
   */
  contentTemplateType: string
  /**
   * The recipient's phone number in E.164 format, for example `+14155552671`. With Default Country set, national formats such as `(415) 555-2671` work too. For WhatsApp the `whatsapp:` prefix is added for you.
   */
  toPhoneNumber?: string
  /**
   * The recipient's Messenger user ID (page-scoped ID, digits only), for example `1234567890123456`. Sent as `messenger:<id>`.
   */
  toMessengerUserId?: string
  /**
   * The sender: one of your Twilio numbers in E.164 format (`+14155550100`), a short code (`12345`, SMS and MMS) or an alphanumeric sender ID (`ACME`, SMS only, up to 11 letters, digits and spaces, where the country allows it).
   */
  fromPhoneNumber?: string
  /**
   * The ID of the Facebook Page connected to Twilio that sends the Messenger message, for example `104417592364187`. Sent as `messenger:<id>`.
   */
  fromFacebookPageId?: string
  /**
   * The Messaging Service that sends the message: pick it from the list or type its SID (`MG` followed by 32 hexadecimal characters). Needed for RCS and for scheduled messages.
   */
  messagingServiceSid?: string
  /**
   * The Twilio Content Template to send: pick it from the list or type its SID (`HX` followed by 32 hexadecimal characters). Create templates in Twilio Console > Messaging > Content Template Builder.
   */
  contentSid?: string
  /**
   * Values for the template's variables, by variable name, for example `1` → `{{properties.first_name}}`. Numbers and booleans are sent as they are mapped (as text where Segment has turned that on); empty values are left out so the template's defaults apply. At most 100.
   */
  contentVariables?: {
    [k: string]: unknown
  }
  /**
   * The message text, up to 1,600 characters. Placeholders such as `{{first_name}}` are filled from the event's properties, then traits, then context.traits; `{{properties.order.id}}` reads a path from the event. Required unless media URLs are given.
   */
  inlineBody?: string
  /**
   * Up to 10 public http(s) URLs of images or files to attach, for example `https://example.com/receipt.png`. Only MMS, WhatsApp, RCS and Messenger carry media.
   */
  inlineMediaUrls?: string[]
  /**
   * How many seconds Twilio may keep trying to deliver the message before giving up, from 1 to 14400 (4 hours). Example: `600` for a one-time code. Leave empty for Twilio's default.
   */
  validityPeriod?: number
  /**
   * Schedule the message for later: a date and time at least 15 minutes and at most 35 days ahead, for example `2026-12-24T09:00:00Z`. Only with a Messaging Service sender. Leave empty to send at once.
   */
  sendAt?: string
  /**
   * Hold messages back outside the allowed hours in the recipient's own time zone (US law allows telephone solicitation from 8 a.m. to 9 p.m. at the recipient's location; some states are stricter). Off unless turned on.
   */
  quietHours?: boolean
  /**
   * When messages may reach the recipient, in their local time: `US federal` (08:00 to 21:00) or `Custom` (Allowed From and Allowed Until).
   */
  quietHoursWindow?: 'US federal' | 'Custom'
  /**
   * The recipient's local time the allowed hours start, 24-hour `HH:MM`, for example `08:00` (Florida's rule: `08:00` to `20:00`).
   */
  quietHoursStart?: string
  /**
   * The local time the allowed hours end (not included), 24-hour `HH:MM`, for example `20:00`. Earlier than Allowed From, the hours cross midnight (`20:00` to `02:00`).
   */
  quietHoursEnd?: string
  /**
   * The recipient's IANA time zone, for example `America/Chicago`. Segment's libraries put the device's zone in `context.timezone`.
   */
  recipientTimeZone?: string
  /**
   * The IANA time zone used when the recipient's is missing or not a zone (`GMT+2`, a typo), for example `America/New_York`. Leave empty to refuse such events with an error instead.
   */
  fallbackTimeZone?: string
  /**
   * What happens to a message outside the allowed hours: `Schedule` it for the next opening (needs the Messaging Service sender, as Twilio schedules only through one; any other sender refuses the event) or `Refuse` it (not sent, a final error). Send At is checked too: `Schedule` moves it to the next opening.
   */
  quietHoursAction?: 'Schedule' | 'Refuse'
  /**
   * Up to 10 labels to attach to the message, for example `campaign` → `spring_sale`. Keys and values: up to 128 letters, digits, spaces, `_` or `-`.
   */
  tags?: {
    [k: string]: unknown
  }
  /**
   * A public http(s) URL that Twilio calls with delivery updates (sent, delivered, failed), for example `https://example.com/twilio/status`. The host name may not contain underscores.
   */
  statusCallback?: string
  /**
   * Two-letter country code (ISO 3166-1 alpha-2), for example `US`, used to read phone numbers written without a country code, such as `(415) 555-2671`.
   */
  defaultCountry?: string
  /**
   * The Segment event's messageId. Used only to recognise an event that Segment delivers again, so the recipient does not get the same message twice. Leave the default.
   */
  messageId?: string
  /**
   * Let Segment hand this action events in batches, which are sent to Twilio concurrently for higher throughput. Batches wait until they fill or time out, so leave this off for time-critical messages such as one-time codes.
   */
  enable_batching?: boolean
  /**
   * The most events Segment puts in one batch when batching is on, from 1 to 1,000.
   */
  batch_size?: number
}
