import { ServiceError } from './clients/errors.js';

/** A bad setting, named, so the service fails at boot with a message that says what to fix. */
export class ConfigError extends ServiceError {
  override readonly name = 'ConfigError';
  constructor(readonly setting: string, problem: string) {
    super('CONFIG_INVALID', `${setting} ${problem}`);
  }
}

/** Several bad settings, reported together: the message holds one line per setting. */
export class ConfigErrors extends ConfigError {
  constructor(readonly problems: readonly ConfigError[]) {
    super(problems.map((problem) => problem.setting).join(', '), '');
    this.message = problems.map((problem) => problem.message).join('\n');
  }
}
