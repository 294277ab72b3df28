import type { Log } from '../clients/scope.js';

/**
 * Whether `log` writes lines of `level`, so that a caller can skip building a line nobody
 * writes (on a path run for every request or upstream call). pino's loggers and the request
 * log (logger.ts) can tell; any other Log is taken to write.
 */
export function isLogging(log: Log, level: 'error' | 'warn' | 'info' | 'debug'): boolean {
  return (log as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.(level) ?? true;
}
