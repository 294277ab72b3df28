import { Writable } from 'node:stream';
import { connect } from 'node:net';
import { once } from 'node:events';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/observability/logger.js';
import { providerModules } from '../src/providers/index.js';
import { gate } from '../src/providers/simulator-kit.js';
import { createServer, PortInUseError } from '../src/server.js';
import { metric, startService, until, type TestService } from './helpers/service.js';

const READ = '{ client(id: "fatora:1024") { name } }';

describe('CORS for browser pages', () => {
  let service: TestService;
  beforeAll(async () => { service = await startService({ env: { CORS_ORIGINS: 'http://127.0.0.1:3000' } }); });
  afterAll(() => service.close());

  test('browser code can read x-request-id (Access-Control-Expose-Headers)', async () => {
    const response = await fetch(service.url, {
      method: 'POST',
      headers: { origin: 'http://127.0.0.1:3000', 'content-type': 'application/json', 'x-request-id': 'page-1' },
      body: JSON.stringify({ query: READ }),
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
    expect(response.headers.get('access-control-expose-headers')).toBe('x-request-id');
    expect(response.headers.get('x-request-id')).toBe('page-1');
  });

  test('a GET query (urql\'s default) needs the apollo-require-preflight header; CSRF prevention stays on', async () => {
    const url = `${service.url}?query=${encodeURIComponent(READ)}`;
    const plain = await fetch(url, { headers: { origin: 'http://127.0.0.1:3000' } });
    expect(plain.status).toBe(400);
    const preflighted = await fetch(url, { headers: { origin: 'http://127.0.0.1:3000', 'apollo-require-preflight': 'true' } });
    expect(await preflighted.json()).toEqual({ data: { client: { name: 'Client Name' } } });
  });

  test('the CORS policy is logged at boot', () => {
    expect(service.logs.filter((line) => line.corsOrigins)).toEqual([expect.objectContaining({
      corsOrigins: ['http://127.0.0.1:3000'], msg: 'CORS: pages from http://127.0.0.1:3000 may call this service',
    })]);
  });
});

describe('REQUEST_CREDENTIALS', () => {
  test('required: a request without a provider\'s credential is refused for that provider, naming the header to send', async () => {
    const service = await startService({ env: { REQUEST_CREDENTIALS: 'required' } });
    try {
      const { body } = await service.gql('{ f: client(id: "fatora:5000") { name } d: client(id: "daftra:512") { name } }', undefined, {
        'x-fatora-token': 'tenant-a',
      });
      expect(body.data).toEqual({ f: null, d: null });
      expect(body.errors).toEqual([expect.objectContaining({
        path: ['d'],
        message: 'Daftra is not configured on this server; send your own credential in the x-daftra-token header',
        extensions: expect.objectContaining({ code: 'PROVIDER_NOT_CONFIGURED' }),
      })]);
      // The server's credential is never used: no Daftra call at all, and Fatora's went out with the tenant's.
      expect(service.daftra.calls).toHaveLength(0);
      expect(service.fatora.calls).toHaveLength(1);
      expect(service.logs.find((line) => line.requestCredentials)).toMatchObject({
        requestCredentials: 'required',
        msg: 'request credentials: required (every request brings the credential of each provider it uses; the server\'s are never used)',
      });
    } finally {
      await service.close();
    }
  });

  test.each(['optional', 'required', 'off'])('%s: an empty credential header is refused with 400 (ignored when off), never read as "none"', async (policy) => {
    const service = await startService({ env: { REQUEST_CREDENTIALS: policy } });
    try {
      const { status, body } = await service.gql(READ, undefined, { 'x-fatora-token': '' });
      if (policy === 'off') {
        // Off: credential headers are not read at all, so the server's credential answers.
        expect([status, body.data]).toEqual([200, { client: { name: 'Client Name' } }]);
      } else {
        expect(status).toBe(400);
        expect(body.errors).toEqual([{ message: 'The x-fatora-token header is empty: send a value, or leave the header out', extensions: { code: 'BAD_USER_INPUT' } }]);
        expect(service.fatora.calls).toHaveLength(0);
      }
    } finally {
      await service.close();
    }
  });

  test('optional with no server credentials says at boot that every request must bring its own', async () => {
    const none = Object.fromEntries(providerModules.map((module) => [module.id, null]));
    const service = await startService({ env: { ALLOW_REQUEST_CREDENTIALS: 'true' }, providers: none });
    try {
      // Every registered provider's header, in the order of the list (a new provider shows up here too).
      const headers = providerModules.flatMap((module) => module.credentialHeaders).join(', ');
      expect(headers).toContain('x-fatora-token, x-daftra-token, x-invisible-collector-token');
      expect(service.logs.map((line) => line.msg)).toContain(
        `no server credentials are set: every request must bring its own (${headers})`,
      );
    } finally {
      await service.close();
    }
  });
});

test('a port in use is one plain error: "port N is in use; set PORT"', async () => {
  const first = await startService();
  try {
    const port = Number(new URL(first.url).port);
    const config = loadConfig({ HOST: '127.0.0.1', PORT: String(port) });
    const attempt = createServer(config, { logDestination: { write: () => {} } });
    await expect(attempt).rejects.toThrow(PortInUseError);
    await expect(attempt).rejects.toThrow(`port ${port} is in use; set PORT`);
  } finally {
    await first.close();
  }
});

describe('slow clients', () => {
  let service: TestService;
  beforeAll(async () => { service = await startService({ env: { REQUEST_TIMEOUT_MS: '400' } }); });
  afterAll(() => service.close());

  test('a trickling body is cut at REQUEST_TIMEOUT_MS while normal queries keep answering', async () => {
    const { hostname, port } = new URL(service.url);
    const socket = connect(Number(port), hostname);
    await once(socket, 'connect');
    let answer = '';
    socket.on('data', (chunk: Buffer) => { answer += chunk.toString(); });
    socket.write(`POST /graphql HTTP/1.1\r\nhost: ${hostname}\r\nx-request-id: trickle-1\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{`);
    // One byte at a time, never finishing: the connection is never idle, only slow.
    const trickle = setInterval(() => socket.write(' '), 50);
    const closed = once(socket, 'close');
    try {
      // Meanwhile, normal queries are answered.
      for (let i = 0; i < 3; i += 1) expect((await service.gql(READ)).body.data.client.name).toBe('Client Name');
      await closed;
    } finally {
      clearInterval(trickle);
    }
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect((await service.gql(READ)).body.data.client.name).toBe('Client Name');
    // The cut request still has its request log line.
    await until(() => service.logs.some((line) => line.msg === 'graphql request' && line.requestId === 'trickle-1'));
  });
});

describe('requests refused before GraphQL get their request log line and metric', () => {
  let service: TestService;
  beforeAll(async () => { service = await startService({ env: { BODY_LIMIT_BYTES: '2048' } }); });
  afterAll(() => service.close());

  const post = (body: string, headers: Record<string, string>) => fetch(service.url, { method: 'POST', headers, body });
  const lineFor = (requestId: string) => service.logs.find((line) => line.msg === 'graphql request' && line.requestId === requestId);
  const errors = () => metric(service.url, 'graphql_requests_total{operation="anonymous",outcome="error"}');

  test.each([
    ['CSRF prevention (a simple request)', 'text/plain', JSON.stringify({ query: READ }), 400, 'BAD_REQUEST'],
    ['body limit', 'application/json', JSON.stringify({ query: READ, pad: 'x'.repeat(4096) }), 413, 'BODY_TOO_LARGE'],
    ['malformed JSON', 'application/json', '{"query": ', 400, 'MALFORMED_REQUEST'],
    ['an empty JSON body', 'application/json', '', 400, 'MALFORMED_REQUEST'],
    ['a __proto__ key', 'application/json', '{"query": "{ __typename }", "__proto__": { "x": 1 }}', 400, 'MALFORMED_REQUEST'],
    ['a Content-Type nothing reads', 'application/xml', '<query/>', 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ])('%s', async (name, contentType, body, status, code) => {
    const before = await errors();
    const requestId = `refused-${status}-${name.replace(/[^a-z]+/gi, '-')}`;
    const response = await post(body, { 'content-type': contentType, 'x-request-id': requestId });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors.map((error) => error.extensions.code)).toEqual([code]);
    expect(lineFor(requestId)).toMatchObject({ operationName: null, upstreamCalls: 0, errorCodes: [code] });
    expect(await errors()).toBe(before + 1);
  });
});

test('a request cut at shutdown still gets its request log line', async () => {
  const service = await startService({ env: { SHUTDOWN_GRACE_MS: '100' } });
  const held = gate();
  service.fatora.inject({ method: 'GET', hold: held.promise });
  const pending = service.gql(READ, undefined, { 'x-request-id': 'cut-1' }).catch((error: Error) => error);
  await until(() => service.fatora.calls.length === 1);
  await service.close();
  held.open();
  // The caller's connection was closed without an answer.
  expect(((await pending) as Error).message).toBe('fetch failed');
  // The line is written when the server sees the connection close, just after.
  const lines = () => service.logs.filter((line) => line.requestId === 'cut-1' && line.msg === 'graphql request');
  await until(() => lines().length > 0);
  expect(lines()).toEqual([
    expect.objectContaining({ errorCodes: ['CUT_AT_SHUTDOWN'] }),
  ]);
});

test('no stack traces in production logs', () => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
  const error = new Error('boom');
  createLogger('info', sink, { stacks: false, redact: [] }).error({ err: error }, 'internal error');
  createLogger('info', sink, { stacks: true, redact: [] }).error({ err: error }, 'internal error');
  const [production, development] = lines.map((line) => JSON.parse(line));
  expect(production.err).toEqual({ type: 'Error', message: 'boom' });
  expect(development.err.stack).toContain('Error: boom\n    at ');
});
