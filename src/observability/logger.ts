import type { FastifyBaseLogger } from 'fastify';
import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Every place a credential could sit in something we log. We never log request or upstream
 * headers on purpose; this is the net under that rule (a test scans the log output). Plain
 * paths, no leading wildcards: they are checked on every line.
 */
const HOLDERS = ['headers', 'req.headers', 'request.headers', 'err.options.headers', 'err.request.options.headers'];
const CREDENTIALS = ['authorization', 'apikey', 'api_key', 'x-fatora-token', 'x-daftra-token', 'x-invisible-collector-token'];
const REDACT = HOLDERS.flatMap((holder) => CREDENTIALS.map((name) => `${holder}["${name}"]`));

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({
    level,
    base: { service: 'clients-graph' },
    redact: { paths: REDACT, censor: '[redacted]' },
  }, destination ?? pino.destination({ dest: 1, sync: false })); // asynchronous writes: off the request path
}

/**
 * A request's logger that makes its pino child (which carries the request id) only when a
 * line is actually written: most requests at the default level write one line, and with
 * LOG_LEVEL=warn none, so the child would be pure overhead.
 */
export function lazyChild(parent: Logger, bindings: Record<string, unknown>): FastifyBaseLogger {
  let child: Logger | undefined;
  const real = () => (child ??= parent.child(bindings));
  const method = (level: pino.Level) => (...args: unknown[]) => {
    if (parent.isLevelEnabled(level)) (real()[level] as (...a: unknown[]) => void)(...args);
  };
  return {
    get level() { return parent.level; },
    set level(value: string) { real().level = value; },
    fatal: method('fatal'), error: method('error'), warn: method('warn'),
    info: method('info'), debug: method('debug'), trace: method('trace'),
    silent: () => {},
    child: (more: Record<string, unknown>, options?: pino.ChildLoggerOptions) => real().child(more, options) as FastifyBaseLogger,
  } as FastifyBaseLogger;
}
