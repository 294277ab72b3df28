import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Provider } from '../src/providers/index.js';
import { startService, type TestService } from './helpers/service.js';

/**
 * A provider that does not play fair, on a real socket: it echoes the credential it was sent,
 * answers with endless or absurdly nested bodies, and fails for one tenant only. Each
 * provider lives under its own prefix (/fatora, /daftra, /ic) of one server.
 */

type Handler = (req: IncomingMessage, res: ServerResponse, path: string) => void;
let handler: Handler;
let upstream: Server;
let base: string;

const FATORA_TOKEN = 'srv-fatora-Secret-0001';
const DAFTRA_KEY = 'srv-daftra-Secret-0002';
const IC_TOKEN = 'srv-ic-Secret-0003';
const API_KEY = 'fatora-api-key-Secret-0004';
const OBTAINED = 'obtained-bearer-Secret-0005';
const SECRETS = [FATORA_TOKEN, DAFTRA_KEY, IC_TOKEN, API_KEY, OBTAINED];

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};
const credentialOf = (req: IncomingMessage) => String(req.headers.authorization ?? req.headers.apikey ?? '');
const fatoraClient = (id: number, name: string, extra: Record<string, unknown> = {}) => ({ status: 'SUCCESS', client: { id, name, ...extra } });

let service: TestService;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    req.resume();
    req.on('end', () => handler(req, res, path));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  service = await startService({
    env: {
      UPSTREAM_TIMEOUT_MS: '10000', UPSTREAM_RETRIES: '0', ALLOW_REQUEST_CREDENTIALS: 'true',
      UPSTREAM_BREAKER_VOLUME: '3', UPSTREAM_BREAKER_RESET_MS: '60000',
    },
    providers: {
      [Provider.FATORA]: { baseUrl: `${base}/fatora`, headers: { authorization: `Bearer ${FATORA_TOKEN}` } },
      [Provider.DAFTRA]: { baseUrl: `${base}/daftra`, headers: { apikey: DAFTRA_KEY } },
      [Provider.INVISIBLE_COLLECTOR]: { baseUrl: `${base}/ic`, headers: { authorization: `Bearer ${IC_TOKEN}` } },
    },
    requestCredentialUrls: { [Provider.FATORA]: `${base}/fatora` },
  });
});
afterAll(async () => {
  await service.close();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

function expectNoSecret(text: string) {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('provider text never echoes a credential back to the caller', () => {
  beforeAll(() => {
    handler = (req, res, path) => {
      const credential = credentialOf(req);
      if (path === '/fatora/clients/1') return json(res, 400, { status: 'ERROR', error: `bad token ${credential}` });
      if (path === '/fatora/clients/2') return json(res, 200, fatoraClient(2, 'Echo', { notes: `seen ${credential}`, extra: { token: FATORA_TOKEN } }));
      if (path === '/fatora/clients/3') return json(res, 400, { status: 'ERROR', error: `use Bearer someone-elses-token-123 or apikey abcdef123456; ${'x'.repeat(5000)}` });
      if (path === '/fatora/clients') return json(res, 422, { status: 'FAILURE', error: { description: `token ${credential} may not create` } });
      if (path === '/daftra/clients/1') return json(res, 400, { code: 400, result: 'failed', message: `bad apikey ${credential}` });
      if (path === '/daftra/clients') {
        return json(res, 200, { result: 'fail', message: `refused for ${credential}`, validation_errors: { Client: { name: [`apikey ${credential} invalid`] } } });
      }
      if (path === '/ic/customers/abc') return json(res, 400, { code: 400, message: `bad token ${credential}` });
      if (path === '/ic/customers') return json(res, 422, { code: 422, message: `token ${credential} may not create` });
      return json(res, 404, { message: 'no route' });
    };
  });

  test('in read errors, at every provider', async () => {
    const { status, text, body } = await service.gql(`{
      f: client(id: "fatora:1") { id } d: client(id: "daftra:1") { id } i: client(id: "invisible-collector:abc") { id }
    }`);
    expect(status).toBe(200);
    expectNoSecret(text);
    expect(body.errors.map((e: any) => [e.path[0], e.extensions.code, e.message])).toEqual([
      ['f', 'UPSTREAM_BAD_RESPONSE', 'Fatora sent an error to a read: bad token Bearer [redacted]'],
      ['d', 'UPSTREAM_BAD_RESPONSE', 'Daftra sent an error to a read: bad apikey [redacted]'],
      ['i', 'UPSTREAM_BAD_RESPONSE', 'Invisible Collector sent an error to a read: bad token Bearer [redacted]'],
    ]);
  });

  test('in refusal reasons of writes (userErrors), at every provider', async () => {
    const { text, body } = await service.gql(`mutation {
      f: createClient(input: { provider: FATORA, name: "X" }) { userErrors { field message code } }
      d: createClient(input: { provider: DAFTRA, name: "X" }) { userErrors { field message code } }
      i: createClient(input: { provider: INVISIBLE_COLLECTOR, name: "X", taxNumber: "123", address: { countryCode: "PT" } }) { userErrors { message code } }
    }`);
    expectNoSecret(text);
    expect(body.data.f.userErrors).toEqual([{ field: ['input'], message: 'token Bearer [redacted] may not create', code: 'REJECTED' }]);
    expect(body.data.d.userErrors).toEqual([{ field: ['input'], message: 'name: apikey [redacted] invalid', code: 'REJECTED' }]);
    expect(body.data.i.userErrors).toEqual([{ message: 'token Bearer [redacted] may not create', code: 'REJECTED' }]);
  });

  test('in raw', async () => {
    const { text, body } = await service.gql(`{ client(id: "fatora:2") { name notes raw } }`);
    expectNoSecret(text);
    expect(body.data.client.notes).toBe('seen Bearer [redacted]');
    expect(body.data.client.raw.extra).toEqual({ token: '[redacted]' });
  });

  test('credential-looking text of any value is cut out too, and long text is capped', async () => {
    const { body } = await service.gql(`{ client(id: "fatora:3") { id } }`);
    const { message } = body.errors[0];
    expect(message.startsWith('Fatora sent an error to a read: use Bearer [redacted] or apikey [redacted]; xxx')).toBe(true);
    expect(message).not.toContain('someone-elses-token-123');
    expect(message).toHaveLength(300);
  });

  test("the bearer token obtained with FATORA_API_KEY, and the key itself", async () => {
    const keyed = await startService({ providers: { [Provider.FATORA]: { baseUrl: `${base}/fatora`, headers: {}, apiKey: API_KEY } } });
    const previous = handler;
    handler = (req, res, path) => {
      if (path === '/fatora/Authorization/Authorize') return json(res, 200, { success: true, bearer_token: OBTAINED });
      return json(res, 400, { status: 'ERROR', error: `bad token ${credentialOf(req)} for key ${API_KEY}` });
    };
    try {
      const { text, body } = await keyed.gql(`{ client(id: "fatora:1") { id } }`);
      expectNoSecret(text);
      expect(body.errors[0].message).toBe('Fatora sent an error to a read: bad token Bearer [redacted] for key [redacted]');
    } finally {
      handler = previous;
      await keyed.close();
    }
  });
});

describe('a credential echoed JSON-escaped (PHP\'s \\/, \\u escapes) is cut out too', () => {
  // Review finding: the exact-text search missed `abc\/DEF+ghi\/123`, which parsing turns back
  // into the token, in raw, in fields and in error messages.
  const TOKEN = 'abc/DEF+ghi/123';
  const escaped = (text: string) => JSON.stringify(text).replace(/\//g, '\\/');
  let previous: Handler;
  beforeAll(() => {
    previous = handler;
    handler = (req, res, path) => {
      const echo = escaped(credentialOf(req).replace('Bearer ', ''));
      const unicode = echo.replace('a', '\\u0061').replace('+', '\\u002B');
      if (path === '/fatora/clients/7') return json(res, 400, `{"status":"ERROR","error":"credential ${echo.slice(1, -1)} is not allowed"}`);
      return json(res, 200, `{"status":"SUCCESS","client":{"id":8,"name":"Echo","notes":"seen ${echo.slice(1, -1)}","address":${unicode}}}`);
    };
  });
  afterAll(() => { handler = previous; });

  test('in raw, in fields and in error messages', async () => {
    const { text, body } = await service.gql(
      '{ bad: client(id: "fatora:7") { id } echo: client(id: "fatora:8") { notes address { formatted } raw } }',
      undefined, { 'x-fatora-token': TOKEN },
    );
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('DEF+ghi');
    expect(body.errors.map((e: any) => e.message)).toEqual(['Fatora sent an error to a read: credential [redacted] is not allowed']);
    expect(body.data.echo.notes).toBe('seen [redacted]');
    expect(body.data.echo.raw).toMatchObject({ notes: 'seen [redacted]', address: '[redacted]' });
  });
});

describe("Fatora's Content-Type: sent on every call, and no secret", () => {
  // Fatora requires `Content-Type: application/json` on every call, GET included. It rides with
  // the credential headers, yet only the headers a module names as credentials are cut out of
  // answers: an answer quoting "application/json" comes back whole.
  test('with the server token, a request\'s own token and an API key (its token call included)', async () => {
    const keyed = await startService({ providers: { [Provider.FATORA]: { baseUrl: `${base}/fatora`, headers: {}, apiKey: API_KEY } } });
    const previous = handler;
    const seen: string[] = [];
    handler = (req, res, path) => {
      seen.push(`${req.method} ${path} ${req.headers['content-type']}`);
      if (path === '/fatora/Authorization/Authorize') return json(res, 200, { success: true, bearer_token: OBTAINED });
      return json(res, 200, fatoraClient(4, 'Plain', { notes: `sent as ${req.headers['content-type']}` }));
    };
    const READ = '{ client(id: "fatora:4") { notes } }';
    try {
      const reads: Array<[() => Promise<{ body: unknown }>, string[]]> = [
        [() => service.gql(READ), ['GET /fatora/clients/4 application/json']],
        [() => service.gql(READ, undefined, { 'x-fatora-token': 'request-own-token-0006' }), ['GET /fatora/clients/4 application/json']],
        [() => keyed.gql(READ), ['GET /fatora/Authorization/Authorize application/json', 'GET /fatora/clients/4 application/json']],
      ];
      for (const [read, calls] of reads) {
        expect((await read()).body).toEqual({ data: { client: { notes: 'sent as application/json' } } });
        expect(seen.splice(0)).toEqual(calls);
      }
    } finally {
      handler = previous;
      await keyed.close();
    }
  });
});

describe('UPSTREAM_MAX_BODY_BYTES (1 MiB): a larger answer is aborted at once', () => {
  let written = 0;
  const endless: Handler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (!res.destroyed && res.write(chunk)) written += chunk.length;
      if (!res.destroyed) res.once('drain', pump);
    };
    res.on('close', () => res.removeAllListeners('drain'));
    pump();
  };

  test('an endless fast body: UPSTREAM_BAD_RESPONSE long before the timeout, reading stops at the cap', async () => {
    written = 0;
    handler = endless;
    const ids = Array.from({ length: 8 }, (_, i) => `"fatora:${100 + i}"`).join(', ');
    const { status, body } = await service.gql(`{ clients(ids: [${ids}]) { id } }`);
    expect(status).toBe(200);
    expect(body.errors).toHaveLength(8);
    for (const error of body.errors) {
      expect(error.extensions).toEqual({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'fatora' });
      expect(error.message).toBe('Fatora sent an answer larger than UPSTREAM_MAX_BODY_BYTES (1048576 bytes)');
    }
    // 8 answers × (1 MiB + what sits in socket buffers): far from the gigabytes an unbounded read takes.
    expect(written).toBeLessThan(8 * 16 * 1024 * 1024);
  });

  test('a declared Content-Length over the cap is refused before its body is read', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(700 * 1024 * 1024) });
      res.write('{"status":"SUCCESS"');
    };
    const { body } = await service.gql(`{ client(id: "fatora:1") { id } }`);
    expect(body.errors[0].message).toBe('Fatora sent an answer larger than UPSTREAM_MAX_BODY_BYTES (1048576 bytes)');
  });
});

describe('deeply nested provider JSON', () => {
  test('one hostile client of 200,000 nested arrays: that field errors, the healthy one beside it is served, HTTP 200', async () => {
    const deep = `{"status":"SUCCESS","client":{"id":4,"name":"Deep","notes":${'['.repeat(200_000)}${']'.repeat(200_000)}}}`;
    handler = (_req, res, path) => (path === '/fatora/clients/4' ? json(res, 200, deep) : json(res, 200, fatoraClient(5, 'Healthy')));
    const { status, body } = await service.gql(`{ clients(ids: ["fatora:4", "fatora:5"]) { id name } }`);
    expect(status).toBe(200);
    expect(body.data).toEqual({ clients: [null, { id: 'fatora:5', name: 'Healthy' }] });
    expect(body.errors).toEqual([expect.objectContaining({
      path: ['clients', 0],
      message: 'Fatora sent an answer with JSON nested deeper than 64 levels',
      extensions: { code: 'UPSTREAM_BAD_RESPONSE', provider: 'fatora' },
    })]);
  });
});

describe('circuit breakers are per provider and credential', () => {
  test("8 failing calls by tenant T1 open T1's circuit only: T2 and the server's credential are still served", async () => {
    handler = (req, res, path) => {
      if (req.headers.authorization === 'Bearer tenant-t1-token') return json(res, 503, { status: 'FAILURE', error: 'down for you' });
      return json(res, 200, fatoraClient(Number(path.split('/').pop()), 'Served'));
    };
    const as = (token?: string): Record<string, string> => (token ? { 'x-fatora-token': token } : {});
    const read = (id: number, token?: string) => service.gql(`{ client(id: "fatora:${id}") { name } }`, undefined, as(token));
    for (let i = 0; i < 8; i++) {
      const { body } = await read(10 + i, 'tenant-t1-token');
      expect(body.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    }
    expect((await read(20, 'tenant-t1-token')).body.errors[0].message).toBe('Fatora is failing; calls to it are paused for a moment (circuit open)');
    expect((await read(21, 'tenant-t2-token')).body).toEqual({ data: { client: { name: 'Served' } } });
    expect((await read(22)).body).toEqual({ data: { client: { name: 'Served' } } });
    const metrics = await (await fetch(service.url.replace('/graphql', '/metrics'))).text();
    expect(metrics).toContain('circuit_state{provider="fatora"} 0');
  });
});
