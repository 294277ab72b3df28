import type { FastifyBaseLogger } from 'fastify';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Log } from '../clients/scope.js';

export interface LoggerOptions {
  /** Whether logged errors keep their stack trace (not in production: it shows code paths and data). */
  stacks: boolean;
  /**
   * Paths to redact: the credential headers of every provider module, wherever a logged object
   * may hold headers (redaction.ts's redactPaths; createServer passes them in, so the logger
   * imports no provider).
   */
  redact: readonly string[];
}

export function createLogger(level: string, destination: DestinationStream | undefined, options: LoggerOptions): Logger {
  return pino({
    level,
    base: { service: 'clients-graph' },
    redact: { paths: [...options.redact], censor: '[redacted]' },
    serializers: { err: options.stacks ? pino.stdSerializers.err : errorWithoutStack },
  }, destination ?? stdout()); // asynchronous writes: off the request path
}

function errorWithoutStack(error: Error): Record<string, unknown> {
  const { stack: _stack, ...rest } = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  return rest;
}

/** Until when a full stdout pipe (a reader that stopped reading) is waited for; see stdout(). */
let waitForStdoutUntil = Infinity;

/** The stdout destination, once a logger writes there: ended by endStdout(). */
let stdoutStream: ReturnType<typeof pino.destination> | undefined;

/**
 * From now on, lines stdout cannot take by `time` are dropped instead of waited for: called
 * when shutdown starts, with its deadline. Without it, pino's final synchronous flush at exit
 * waits for a stalled reader forever, in a loop no timer can interrupt.
 */
export function stopWaitingForStdoutAt(time: number): void {
  waitForStdoutUntil = time;
}

/**
 * Ends stdout before a clean exit: resolves once every line written so far has reached it,
 * or once a write failed because its reader is gone (pino then turns the stream into no-ops).
 * Exiting with a write still in flight instead leaves sonic-boom's synchronous flush at exit
 * retrying EPIPE for ever (it retries every error, 100 ms apart, where no timer or signal
 * can run). A stalled reader is waited for until the shutdown deadline, which exits anyway.
 */
export function endStdout(): Promise<void> {
  const stream = stdoutStream;
  if (!stream) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('close', () => resolve());
    stream.once('error', () => resolve());
    try { stream.end(); } catch { resolve(); }
  });
}

/**
 * stdout, written asynchronously. When its reader is gone (a closed pipe), writes fail with
 * EPIPE: the lines are lost, but the error must neither crash the service nor hold its
 * shutdown, so it is swallowed here. When its reader stalls (a full pipe), writes are
 * retried, until the shutdown deadline.
 */
function stdout(): DestinationStream {
  const stream = pino.destination({ dest: 1, sync: false, retryEAGAIN: () => Date.now() < waitForStdoutUntil });
  stream.on('error', () => {});
  const flushSync = stream.flushSync.bind(stream);
  stream.flushSync = () => {
    // Past the deadline (an exit that gives up: the deadline itself, a second signal) nothing
    // more is tried: a write to a reader that is gone would be retried for ever.
    if (Date.now() >= waitForStdoutUntil) {
      process.exitCode = 1;
      return;
    }
    try {
      flushSync();
    } catch {
      // The lines that did not fit are lost, and the exit says that something went wrong.
      process.exitCode = 1;
    }
  };
  stdoutStream = stream;
  return stream;
}

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * A request's logger (Fastify's request.log) that makes its pino child, which carries the
 * request id, only when a line is actually written: with the request log line written by
 * requestLog instead, most requests never need it. Methods live on the prototype: one small
 * object per request, no closures.
 */
class LazyChild {
  private made: Logger | undefined;

  constructor(private readonly parent: Logger, private readonly bindings: Record<string, unknown>) {}

  get level(): string { return this.parent.level; }
  set level(value: string) { this.real().level = value; }
  fatal(...args: unknown[]): void { this.write('fatal', args); }
  error(...args: unknown[]): void { this.write('error', args); }
  warn(...args: unknown[]): void { this.write('warn', args); }
  info(...args: unknown[]): void { this.write('info', args); }
  debug(...args: unknown[]): void { this.write('debug', args); }
  trace(...args: unknown[]): void { this.write('trace', args); }
  silent(): void {}
  child(bindings: Record<string, unknown>, options?: pino.ChildLoggerOptions): Logger {
    return this.real().child(bindings, options);
  }

  private real(): Logger {
    return (this.made ??= this.parent.child(this.bindings));
  }

  private write(level: Level, args: unknown[]): void {
    if (this.parent.isLevelEnabled(level)) (this.real()[level] as (...a: unknown[]) => void)(...args);
  }
}

export function lazyChild(parent: Logger, bindings: Record<string, unknown>): FastifyBaseLogger {
  return new LazyChild(parent, bindings) as unknown as FastifyBaseLogger;
}

/**
 * The log of one GraphQL request: every line carries its request id. Written through the
 * root logger with the id added to the line, rather than through a pino child per request,
 * which costs more than the one line most requests write.
 */
class RequestLog implements Log {
  constructor(private readonly parent: Logger, private readonly requestId: string) {}

  debug(object: Record<string, unknown> | string, message?: string): void { this.write('debug', object, message); }
  info(object: Record<string, unknown> | string, message?: string): void { this.write('info', object, message); }
  warn(object: Record<string, unknown> | string, message?: string): void { this.write('warn', object, message); }
  error(object: Record<string, unknown> | string, message?: string): void { this.write('error', object, message); }
  /** Lets a caller skip building a line nobody writes (as pino's own loggers do). */
  isLevelEnabled(level: string): boolean { return this.parent.isLevelEnabled(level); }

  private write(level: Level, object: Record<string, unknown> | string, message?: string): void {
    if (!this.parent.isLevelEnabled(level)) return;
    if (typeof object === 'string') this.parent[level]({ requestId: this.requestId }, object);
    else this.parent[level]({ requestId: this.requestId, ...object }, message);
  }
}

export function requestLog(parent: Logger, requestId: string): Log {
  return new RequestLog(parent, requestId);
}
