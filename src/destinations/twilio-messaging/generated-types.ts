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
}
