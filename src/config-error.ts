/** A bad setting, named, so the service fails at boot with a message that says what to fix. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly setting: string, problem: string) {
    super(`${setting} ${problem}`);
  }
}
