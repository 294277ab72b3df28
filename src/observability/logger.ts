import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Every place a credential could sit in something we log. We never log request or upstream
 * headers on purpose; this is the net under that rule (a test scans the log output).
 */
const REDACT = [
  'authorization', 'apikey', 'api_key', 'x-fatora-token', 'x-daftra-token', 'x-invisible-collector-token',
].flatMap((name) => [`headers["${name}"]`, `*.headers["${name}"]`, `*.*.headers["${name}"]`, `*.*.*.headers["${name}"]`]);

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({
    level,
    base: { service: 'clients-graph' },
    redact: { paths: REDACT, censor: '[redacted]' },
  }, destination);
}
