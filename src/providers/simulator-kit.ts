import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Provider } from '../clients/client.js';
import { parseJson } from './json.js';
import type { ProviderSettings } from '../clients/settings.js';

/**
 * The machinery every built-in provider simulator shares: a real HTTP server on loopback with
 * a credential check, latency, fault injection and call counters. Each provider's
 * simulator.ts supplies only its routes and its error shapes.
 */

export interface SimulatorOptions {
  /** Delay before each answer, in ms (default 0). */
  latencyMs?: number;
  port?: number;
  host?: string;
}

export interface SimRequest {
  method: string;
  /** The account the credential opened: MAIN_ACCOUNT, or a tenant's own (see accountOf). */
  account: string;
  /** Path below the simulator's base path, split: "/clients/1024" → ["clients", "1024"]. */
  segments: string[];
  /** The query string, parsed. */
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface SimResponse {
  status: number;
  /** An object is sent as JSON; a string as it is (for HTML error pages and broken bodies). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RecordedCall {
  method: string;
  path: string;
  /** The query string without "?", when there was one. */
  search?: string;
  body: unknown;
  /** The x-request-id the caller forwarded, if any. */
  requestId?: string;
  /** The W3C trace context the caller sent, if any (UPSTREAM_TRACEPARENT). */
  traceparent?: string;
}

/** A fault the next matching requests meet instead of the normal answer. */
export interface Fault {
  method?: string;
  /** Matches the path below the base path, e.g. /^\/clients\/1024$/. */
  path?: RegExp;
  /** How many requests it applies to (default 1). */
  times?: number;
  /** Extra delay before the answer. */
  delayMs?: number;
  /**
   * Answer only once this settles (the request is recorded at once): a test holds an answer
   * open for as long as it needs (past the service's timeout, until others have joined) and
   * lets it go, instead of sleeping. With no status or reset, the normal answer follows, so a
   * held write still happens. gate() makes one.
   */
  hold?: Promise<unknown>;
  /** Destroy the socket instead of answering. */
  reset?: boolean;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface SimulatorDefinition {
  provider: Provider;
  /** Base path the API lives under, e.g. "/v1"; "" for none. */
  basePath: string;
  /** The account the request's credential opens, or null when it opens none. */
  authorize(headers: IncomingMessage['headers']): string | null;
  /** Requests answered without a credential (Fatora's token endpoint). */
  isPublic?(method: string, segments: string[]): boolean;
  /** The provider's answer to a request without a valid credential. */
  unauthorized: SimResponse;
  /** The credential headers a client must send. */
  credentials: Record<string, string>;
  /** The service's environment variables that point it at this simulator at `url`, with a credential it accepts. */
  env(url: string): Record<string, string>;
  handle(request: SimRequest): SimResponse;
  /** Routes outside the base path (Daftra's v2 API beside /api2); segments are from the root. */
  handleOutside?(request: SimRequest): SimResponse;
}

export interface Simulator {
  readonly provider: Provider;
  /** The base URL the service is configured with. */
  readonly url: string;
  /** Base URL and credential headers that this simulator accepts. */
  readonly settings: ProviderSettings;
  /** The same as the service's environment variables (its module's settings). */
  readonly env: Record<string, string>;
  /** The requests received since start or the last reset, in order (the latest 10,000 at most). */
  readonly calls: RecordedCall[];
  /** Requests being answered right now, and the most at once since the last reset. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  latencyMs: number;
  /** Calls matching a method and a path regular expression. */
  count(method?: string, path?: RegExp): number;
  inject(fault: Fault): void;
  /** Forgets calls and faults (the data stays). */
  reset(): void;
  close(): Promise<void>;
}

/** Calls kept for inspection (tests reset them long before this). */
const MAX_RECORDED_CALLS = 10_000;

// Unref'd: a delayed answer must not keep a test process alive after close().
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

export async function startSimulator(definition: SimulatorDefinition, options: SimulatorOptions = {}): Promise<Simulator> {
  const faults: Array<Fault & { remaining: number }> = [];
  let inFlight = 0;
  let totalCalls = 0;
  // Only the latest calls are kept, so a long demo or benchmark run does not grow without end.
  const record = (call: RecordedCall) => {
    totalCalls += 1;
    simulator.calls.push(call);
    if (simulator.calls.length > MAX_RECORDED_CALLS) simulator.calls.splice(0, simulator.calls.length - MAX_RECORDED_CALLS / 2);
  };
  let maxInFlight = 0;

  const server = createServer((req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => { inFlight -= 1; });
    serve(req, res).catch(() => {
      if (!res.headersSent) send(res, { status: 500, body: { message: 'simulator failure' } });
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const raw = await readBody(req);
    if (url.pathname === '/__simulator/stats') {
      return send(res, { status: 200, body: { calls: totalCalls, maxInFlight } });
    }
    const path = url.pathname.startsWith(definition.basePath + '/')
      ? url.pathname.slice(definition.basePath.length)
      : null;
    const method = req.method ?? 'GET';
    const requestId = req.headers['x-request-id'];
    const traceparent = req.headers.traceparent;
    const body = parseJson(raw);
    record({ method, path: path ?? url.pathname, ...(url.search ? { search: url.search.slice(1) } : {}), body, ...(typeof requestId === 'string' ? { requestId } : {}), ...(typeof traceparent === 'string' ? { traceparent } : {}) });

    const fault = takeFault(method, path ?? url.pathname);
    const delay = simulator.latencyMs + (fault?.delayMs ?? 0);
    if (delay > 0) await sleep(delay);
    if (fault?.hold) await fault.hold.catch(() => undefined);
    if (fault?.reset) {
      req.socket.destroy();
      return;
    }
    if (fault?.status !== undefined) {
      return send(res, { status: fault.status, body: fault.body, ...(fault.headers ? { headers: fault.headers } : {}) });
    }
    if (path === null && !definition.handleOutside) return send(res, { status: 404, body: { message: 'no such endpoint' } });
    const segments = (path ?? url.pathname).split('/').filter(Boolean).map(decodeURIComponent);
    const account = definition.isPublic?.(method, segments) ? MAIN_ACCOUNT : definition.authorize(req.headers);
    if (account === null) return send(res, definition.unauthorized);
    if (raw !== '' && body === undefined) return send(res, { status: 400, body: { message: 'malformed JSON' } });
    const handle = path === null ? definition.handleOutside! : definition.handle;
    send(res, handle({ method, segments, query: url.searchParams, account, headers: req.headers, body }));
  }

  function takeFault(method: string, path: string) {
    const index = faults.findIndex((f) => (!f.method || f.method === method) && (!f.path || f.path.test(path)));
    if (index < 0) return undefined;
    const fault = faults[index]!;
    fault.remaining -= 1;
    if (fault.remaining <= 0) faults.splice(index, 1);
    return fault;
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}${definition.basePath}`;

  const simulator: Simulator = {
    provider: definition.provider,
    url,
    settings: { baseUrl: url, headers: definition.credentials },
    env: definition.env(url),
    calls: [],
    get inFlight() { return inFlight; },
    get maxInFlight() { return maxInFlight; },
    latencyMs: options.latencyMs ?? 0,
    count(method, path) {
      return simulator.calls.filter((c) => (!method || c.method === method) && (!path || path.test(c.path))).length;
    },
    inject(fault) {
      faults.push({ ...fault, remaining: fault.times ?? 1 });
    },
    reset() {
      simulator.calls.length = 0;
      faults.length = 0;
      maxInFlight = inFlight;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return simulator;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: SimResponse): void {
  const isText = typeof response.body === 'string';
  const payload = response.body === undefined ? '' : isText ? (response.body as string) : JSON.stringify(response.body);
  res.writeHead(response.status, {
    'content-type': isText ? 'text/html; charset=utf-8' : 'application/json',
    'content-length': Buffer.byteLength(payload),
    ...response.headers,
  });
  res.end(payload);
}

/** A promise a test opens when it chooses: pass `promise` as a fault's `hold`, call open() to answer. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => { open = resolve; });
  return { promise, open };
}

/** The seeded account that the simulator's own credential opens. */
export const MAIN_ACCOUNT = 'main';

/**
 * The account a token opens: the simulator's own token opens the seeded main account, and any
 * token "tenant-<name>" opens that tenant's own empty account, so multi-tenant tests can prove
 * that one tenant never sees another's clients.
 */
export function accountOf(token: string | undefined, ownToken: string): string | null {
  if (token === ownToken) return MAIN_ACCOUNT;
  return token !== undefined && /^tenant-[a-z0-9-]{1,32}$/.test(token) ? token : null;
}

/** Per-account state, made on first use. */
export function perAccount<T>(create: (account: string) => T): (account: string) => T {
  const accounts = new Map<string, T>();
  return (account) => {
    let state = accounts.get(account);
    if (state === undefined) accounts.set(account, (state = create(account)));
    return state;
  };
}

/** A positive integer query parameter (page, page size): `fallback` when absent, null when malformed. */
export function positiveParameter(value: string | null, fallback: number): number | null {
  if (value === null) return fallback;
  return /^[1-9][0-9]{0,8}$/.test(value) ? Number(value) : null;
}

/** The bearer token in an Authorization header, if any. */
export function bearer(headers: IncomingMessage['headers']): string | undefined {
  const match = /^Bearer (.+)$/.exec(headers.authorization ?? '');
  return match?.[1];
}
