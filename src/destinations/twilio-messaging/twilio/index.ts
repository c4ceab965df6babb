// Everything this destination knows about Twilio lives in this folder, one module per concern: hosts and
// addresses, regions, identifiers, channels and content types, limits, errors, pagination and the listed resources.
// Facts come from Twilio's OpenAPI spec and error dictionary.
export * from './hosts'
export * from './regions'
export * from './identifiers'
export * from './channels'
export * from './limits'
export * from './errors'
export * from './pagination'
export * from './resources'
