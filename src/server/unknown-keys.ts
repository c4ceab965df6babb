// Mapping keys that are not fields of the action: refused before anything is sent, in one wording for
// `POST /<action>`, `npm run send` and the tester page's Import mapping (which asks POST /tester/mapping-check).
// A key that differs from a field only in case is named with that field.

/** `Not fields of this action: toPhone, inlinebody (did you mean inlineBody?). Rename or remove them; …` */
export function unknownKeysMessage(keys: string[], fields: string[]): string | undefined {
  const unknown = keys.filter((key) => !fields.includes(key))
  if (unknown.length === 0) return undefined
  const named = unknown.map((key) => {
    const near = fields.find((field) => field.toLowerCase() === key.toLowerCase())
    return near ? `${key} (did you mean ${near}?)` : key
  })
  return (
    `Not fields of this action: ${named.join(', ')}. Rename or remove ${unknown.length === 1 ? 'it' : 'them'}; ` +
    `its fields are ${fields.join(', ')}.`
  )
}
