import got, { Options, type Got, type OptionsInit, type Request } from 'got';
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { ServiceError } from '../../clients/errors.js';

/**
 * One HTTP exchange through got's stream API, the cheapest way got allows (about 40% less CPU
 * than its promise API, measured): no retries, redirects, decompression or status throwing
 * inside got (our own loop in http/call-loop.ts does retries, and statuses are read by the callers);
 * the body is buffered here, up to a size cap, and never parsed here.
 */

export interface Exchange {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers: Record<string, string>;
  /** Already serialised JSON. */
  body?: string;
  timeoutMs: number;
  /** Past this many body bytes the exchange is aborted at once (BodyTooLargeError). */
  maxBodyBytes: number;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A body beyond the cap: the exchange was aborted, the rest never read. */
export class BodyTooLargeError extends ServiceError {
  override readonly name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super('UPSTREAM_BODY_TOO_LARGE', `a body larger than ${limit} bytes`);
  }
}

export interface Transport {
  send(exchange: Exchange): Promise<Answer>;
  close(): void;
}

const BASE_HEADERS = { accept: 'application/json', 'user-agent': 'clients-graph' };
const JSON_HEADERS = { ...BASE_HEADERS, 'content-type': 'application/json' };

/**
 * The got instance called with its third argument, normalised options to start from (got's
 * documented way to store options: `got(url, options, defaults)`, missing from its typings).
 */
type PreparedGot = (url: string, options: OptionsInit, defaults: Options) => Request;

/**
 * A got instance with its own keep-alive agents (one per provider: its sockets are its own).
 * `usualTimeoutMs`: the timeout most exchanges have (the provider's attempt timeout), prepared
 * once; an exchange with another one sets its own.
 */
export function createTransport(maxSockets: number, usualTimeoutMs?: number): Transport {
  const agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets, scheduling: 'lifo' }),
    https: new HttpsAgent({ keepAlive: true, maxSockets, scheduling: 'lifo' }),
  };
  const client: Got = got.extend({
    agent: agents,
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    // Small JSON answers gain little from compression, and got's decompression costs CPU on
    // every call; without it got does not ask for gzip either.
    decompress: false,
    request: nativeRequest,
  });
  const prepared = prepare(client, usualTimeoutMs);
  return {
    send: (exchange) => send(
      client as unknown as PreparedGot, prepared[exchange.method][exchange.body === undefined ? 'bare' : 'json'], exchange, usualTimeoutMs,
    ),
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/**
 * Options normalised once per method (and with or without a JSON body), from the instance's
 * defaults: every call of got builds its options by cloning its defaults and then merging and
 * validating each option it is given, key by key (setters with assertions, header names
 * lowercased, a hook pass). Starting each call from options that already hold the stream mode,
 * the method, the fixed headers and the usual timeout leaves only the call's own headers (and
 * body) to merge. They also carry `cacheOptions` emptied, once: got copies its defaults'
 * `cacheOptions` (four keys, all undefined; `cache` is off, so never read) into every request
 * and spreads them first into the ~35-key object of native options, and on Node 20's V8 an
 * object literal that starts with a spread of a non-empty object and goes on with that many
 * keys takes a slow path (~25 us and ~20 KB of fresh hidden classes per call; Node 24 does not
 * have it). Emptied here, the defaults each call clones hold none.
 */
function prepare(client: Got, usualTimeoutMs: number | undefined): Record<Exchange['method'], { bare: Options; json: Options }> {
  const options = (method: Exchange['method'], headers: Record<string, string>): Options => {
    const prepared = new Options(undefined, {
      isStream: true,
      method,
      headers,
      ...(usualTimeoutMs === undefined ? {} : { timeout: { request: usualTimeoutMs } }),
    }, client.defaults.options);
    prepared.cacheOptions = {};
    return prepared;
  };
  // Six, made with the transport: a call picks its own by two property reads.
  const pair = (method: Exchange['method']) => ({ bare: options(method, BASE_HEADERS), json: options(method, JSON_HEADERS) });
  return { GET: pair('GET'), POST: pair('POST'), PUT: pair('PUT') };
}

/**
 * Node's request function, handed only the options got actually set. got builds the native
 * options as one object of ~35 keys, most of them undefined (every TLS option, cache, unix
 * socket), and Node's ClientRequest and Agent each copy it again: measured on this path, ~15 KB
 * allocated and 6-10 µs of CPU per call that the undefined keys cost for nothing (an absent key
 * and an undefined one mean the same to Node).
 */
function nativeRequest(url: URL, options: RequestOptions): ClientRequest {
  const given: Record<string, unknown> = {};
  for (const key in options) {
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined) given[key] = value;
  }
  const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, given);
  // got times every request (its utils/timer.js: a timings object and ~8 listeners on the
  // request, the response and a new socket) unless the request already has `timings`; nothing
  // here reads them (failure.ts classifies by name and code), so each request gets an empty one.
  (request as ClientRequest & { timings?: object }).timings = NO_TIMINGS;
  return request;
}

/** Read by nothing; got writes into it only after a response it timed, which it never does here. */
const NO_TIMINGS = Object.freeze({});

function send(client: PreparedGot, prepared: Options, exchange: Exchange, usualTimeoutMs: number | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // Only what this call adds to its prepared options: its own headers, its body, its timeout
    // when it is not the usual one (a call whose budget is nearly spent). got merges these onto
    // a copy; the prepared options stay as they are.
    const own: OptionsInit = { headers: exchange.headers };
    if (exchange.body !== undefined) own.body = exchange.body;
    if (exchange.timeoutMs !== usualTimeoutMs) own.timeout = { request: exchange.timeoutMs };
    const stream = client(exchange.url, own, prepared);
    // A POST or PUT without a body: got's stream waits for one to be written until it is ended.
    if (exchange.body === undefined && exchange.method !== 'GET') stream.end();
    const limit = exchange.maxBodyBytes;
    const chunks: Buffer[] = [];
    let size = 0;
    let status = 0;
    let answerHeaders: Answer['headers'] = {};
    let done = false;
    const fail = (error: unknown) => {
      if (done) return;
      done = true;
      stream.destroy();
      reject(error);
    };
    stream.on('response', (response: { statusCode: number; headers: Answer['headers'] }) => {
      status = response.statusCode;
      answerHeaders = response.headers;
      // A declared length over the cap is refused before any of it is read.
      const declared = Number(response.headers['content-length']);
      if (declared > limit) fail(new BodyTooLargeError(limit));
    });
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) fail(new BodyTooLargeError(limit));
      else chunks.push(chunk);
    });
    stream.on('end', () => {
      if (done) return;
      done = true;
      const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
      resolve({ status, headers: answerHeaders, text });
    });
    stream.on('error', fail);
  });
}
