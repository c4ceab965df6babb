// The magic phone numbers of Twilio's test credentials (twilio-facts.md), which the emulator answers as Twilio does.

/** The magic number of Twilio's test credentials that always succeeds as From. */
export const MAGIC_FROM_OK = '+15005550006'

/** Twilio's answers to the magic From numbers that fail: [error code, message]. */
export const MAGIC_FROM_ERRORS: Record<string, [number, string]> = {
  '+15005550001': [
    21212,
    "The 'From' number +15005550001 is not a valid phone number, shortcode, or alphanumeric sender ID."
  ],
  '+15005550007': [
    21606,
    "The 'From' phone number +15005550007 is not a valid, SMS-capable inbound phone number or short code for your account."
  ],
  '+15005550008': [21611, "This 'From' number has exceeded the maximum number of queued messages"]
}

/** Twilio's answers to the magic To numbers: [error code, message]. */
export const MAGIC_TO_ERRORS: Record<string, [number, string]> = {
  '+15005550001': [21211, "The 'To' number +15005550001 is not a valid phone number."],
  '+15005550002': [
    21612,
    "The 'To' phone number: +15005550002, is not currently reachable using the 'From' phone number via SMS."
  ],
  '+15005550003': [
    21408,
    "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +15005550003."
  ],
  '+15005550004': [21610, 'Attempt to send to unsubscribed recipient'],
  '+15005550009': [21614, "'To' number is not a valid mobile number"]
}
