// Reading a Messages create form: Express's urlencoded parser gives a string, or an array for a repeated key.

/** Parsed `application/x-www-form-urlencoded` body: repeated keys arrive as arrays. */
export type FormParams = Record<string, string | string[] | undefined>

/** First value of a parameter (Twilio reads scalars once; a repeated scalar key is unusual). */
export function scalarParam(params: FormParams, key: string): string | undefined {
  const value = params[key]
  return Array.isArray(value) ? value[0] : value
}

/** Every value of a repeatable parameter such as MediaUrl. */
export function listParam(params: FormParams, key: string): string[] {
  const value = params[key]
  if (value === undefined) return []
  return Array.isArray(value) ? value : [value]
}
