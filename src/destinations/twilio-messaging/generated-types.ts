// Generated file. DO NOT MODIFY IT BY HAND.

export interface Settings {
  /**
   * Your Twilio Account SID: AC followed by 32 hexadecimal characters. Twilio Console > Account Dashboard, under Account Info.
   */
  accountSID: string
  /**
   * The SID of a Twilio API key of this account: SK followed by 32 hexadecimal characters. Create one in Twilio Console > Account > API keys & tokens (a Standard key is enough).
   */
  apiKeySID: string
  /**
   * The secret of that API key. Twilio shows it only once, when the key is created: if it is lost, create a new key.
   */
  apiKeySecret: string
  /**
   * Where Twilio processes and stores your messages. United States (US1) is Twilio's default. Ireland (IE1) keeps SMS data in the EU (Twilio's EU data residency for SMS, in public beta): it needs an API key created in IE1 and senders whose messaging region is IE1, and sends SMS only: no media, Content Templates, +1 numbers or short codes.
   */
  region?: 'us1' | 'ie1'
  /**
   * Optional: where requests enter Twilio's network. Leave it empty for Twilio's own routing (US1) or dublin (IE1, its only edge). US1 also takes ashburn or umatilla.
   */
  edge?: 'ashburn' | 'umatilla' | 'dublin'
}
