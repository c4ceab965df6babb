/** A problem with the command line or the configuration: printed as is, exit code 2. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}
