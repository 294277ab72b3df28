import type { FastifyBaseLogger } from 'fastify';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Log } from '../clients/scope.js';

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

/**
 * The log of one GraphQL request: every line carries its request id. Written through the
 * root logger with the id added to the line, rather than through a pino child per request,
 * which costs more than the one line most requests write.
 */
export function requestLog(parent: Logger, requestId: string): Log {
  const method = (level: 'debug' | 'info' | 'warn' | 'error') => (object: Record<string, unknown> | string, message?: string) => {
    if (!parent.isLevelEnabled(level)) return;
    if (typeof object === 'string') parent[level]({ requestId }, object);
    else parent[level]({ requestId, ...object }, message);
  };
  return { debug: method('debug'), info: method('info'), warn: method('warn'), error: method('error') } as Log;
}
