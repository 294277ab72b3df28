import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { providerModules } from '../providers/index.js';

/** The policies an operator should see at a glance in the start log. */
export function logBootPolicies(logger: Logger, config: Config): void {
  const origins = config.edge.corsOrigins;
  logger.info({ corsOrigins: origins }, origins.length === 0
    ? 'CORS: off (no CORS headers; browser pages on other origins cannot call this service; set CORS_ORIGINS)'
    : `CORS: pages from ${origins.includes('*') ? 'any origin' : origins.join(', ')} may call this service`);
  const policy = config.requestCredentials;
  const serverHas = Object.values(config.providers).some(Boolean);
  const text = {
    off: 'request credentials: off (credential headers are ignored; the server\'s credentials are used)',
    optional: 'request credentials: optional (a request\'s credential header replaces the server\'s for that provider)',
    required: 'request credentials: required (every request brings the credential of each provider it uses; the server\'s are never used)',
  }[policy];
  logger.info({ requestCredentials: policy }, text);
  if (policy === 'optional' && !serverHas) {
    const headers = providerModules.flatMap((module) => module.credentialHeaders);
    logger.info(`no server credentials are set: every request must bring its own (${headers.join(', ')})`);
  }
}
