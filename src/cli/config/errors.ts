/**
 * A configuration the daemon must not start with: a config file that cannot
 * be read or is not TOML, an unknown key, a bad value in the file or the
 * environment. Its message is one line naming the file, key or variable.
 */
export class ConfigError extends Error {
  static override readonly name = 'ConfigError'
  override readonly name = 'ConfigError'
}
