import got, { type Got, type HandlerFunction } from 'got';
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

/** A got instance with its own keep-alive agents (one per provider: its sockets are its own). */
export function createTransport(maxSockets: number): Transport {
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
    handlers: [emptyCacheOptions],
  });
  return {
    send: (exchange) => send(client, exchange),
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/**
 * got copies its defaults' `cacheOptions` (four keys, all undefined) into every request and
 * spreads them first into the ~35-key object of native options. On Node 20's V8 an object
 * literal that starts with a spread of a non-empty object and goes on with that many keys
 * takes a slow path: ~25 us and ~20 KB of fresh hidden classes per request (Node 24 does not
 * have it). `cache` is off, so these options are never read: an empty object (the public
 * setter, outside got's merging, replaces rather than merges) avoids it. Measured on 20k GETs
 * at 32 in flight: ~130 -> ~73 us CPU per call.
 */
const emptyCacheOptions: HandlerFunction = (options, next) => {
  options.cacheOptions = {};
  return next(options);
};

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
  return (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, given);
}

function send(client: Got, exchange: Exchange): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = exchange.body === undefined ? BASE_HEADERS : JSON_HEADERS;
    const stream = client.stream(exchange.url, {
      method: exchange.method,
      // Not { ...headers, ...exchange.headers }: that literal costs ~1 us on Node 20 (see http/call-loop.ts).
      headers: Object.assign({}, headers, exchange.headers),
      ...(exchange.body === undefined ? {} : { body: exchange.body }),
      timeout: { request: exchange.timeoutMs },
    });
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
