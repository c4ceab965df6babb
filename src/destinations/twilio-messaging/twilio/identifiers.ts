// Twilio's identifiers (SIDs) and the credential settings built from them.

export const ACCOUNT_SID_PATTERN = /^AC[0-9a-fA-F]{32}$/
export const API_KEY_SID_PATTERN = /^SK[0-9a-fA-F]{32}$/
export const MESSAGING_SERVICE_SID_PATTERN = /^MG[0-9a-fA-F]{32}$/
export const CONTENT_SID_PATTERN = /^HX[0-9a-fA-F]{32}$/

/**
 * Dropdown values look like `Friendly Name [MG…]`; the SID is the last bracketed token, so names that
 * themselves contain brackets still work. A bare SID is returned as is (trimmed).
 */
export function extractSid(value: string): string {
  const trimmed = value.trim()
  const match = /\[([^[\]]*)\]\s*$/.exec(trimmed)
  return match ? match[1].trim() : trimmed
}

export interface CredentialSettings {
  accountSID?: unknown
  apiKeySID?: unknown
  apiKeySecret?: unknown
}

/** A setting's text, or '' when the setting is missing or not text (a workspace can store any JSON value). */
const settingText = (value: unknown): string => (typeof value === 'string' ? value.trim() : '')

/** What is wrong with the credentials before any request is made, or undefined when they look right. */
export function settingsProblem(settings: CredentialSettings | undefined): string | undefined {
  if (!ACCOUNT_SID_PATTERN.test(settingText(settings?.accountSID))) {
    return 'Twilio Account SID (accountSID) in the destination settings must be AC followed by 32 hexadecimal characters: copy it from Twilio Console > Account Dashboard.'
  }
  if (!API_KEY_SID_PATTERN.test(settingText(settings?.apiKeySID))) {
    return 'Twilio API Key SID (apiKeySID) in the destination settings must be SK followed by 32 hexadecimal characters: copy it from Twilio Console > Account > API keys & tokens.'
  }
  if (typeof settings?.apiKeySecret !== 'string' || settings.apiKeySecret === '') {
    return 'Twilio API Key Secret (apiKeySecret) in the destination settings is empty or not text: paste the secret shown when the API key was created.'
  }
  return undefined
}
