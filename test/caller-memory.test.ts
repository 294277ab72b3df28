import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { metric, startService, type TestService } from './helpers/service.js';

// A full garbage collection on demand, so the heap measured is what the server keeps.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = () => { gc(); return process.memoryUsage().heapUsed; };

const MB = 1024 * 1024;
const padded = (i: number, padBytes: number) => `#${'x'.repeat(padBytes)}\nquery Padded${i} { __typename }`;
const post = (service: TestService, body: unknown) =>
  fetch(service.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

test('a query longer than MAX_QUERY_BYTES (64 KiB by default, comments count) is refused with 413 before it is parsed', async () => {
  const service = await startService();
  try {
    const response = await post(service, { query: padded(0, 70_000) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ errors: [{
      message: 'The query is 70030 bytes; this server accepts queries of at most 65536 bytes (comments and blanks included).',
      extensions: { code: 'QUERY_TOO_LARGE' },
    }] });
    // Just under the limit it runs.
    expect(await (await post(service, { query: padded(0, 65_000) })).json()).toEqual({ data: { __typename: 'Query' } });
  } finally {
    await service.close();
  }
});

test('distinct comment-padded queries do not grow memory: the document cache counts the source text each document keeps', async () => {
  // The attack, scaled: 60 distinct queries of 1/4 MB of comment each (15 MB sent),
  // under a 2 MiB document cache (the test lifts MAX_QUERY_BYTES to let them in).
  const service = await startService({ env: { MAX_QUERY_BYTES: String(MB), DOCUMENT_CACHE_BYTES: String(2 * MB) } });
  try {
    await post(service, { query: padded(-1, 10) }); // warm up
    const before = heapUsed();
    for (let i = 0; i < 60; i += 1) {
      expect(await (await post(service, { query: padded(i, MB / 4) })).json()).toEqual({ data: { __typename: 'Query' } });
    }
    const grown = heapUsed() - before;
    const cached = await metric(service.url, 'memory_cache_bytes{cache="documents"}');
    expect(cached).toBeGreaterThan(1.5 * MB);
    expect(cached).toBeLessThanOrEqual(2 * MB);
    // Without the source text counted, all 60 are kept: 15 MB.
    expect(grown).toBeLessThan(6 * MB);
  } finally {
    await service.close();
  }
}, 60_000);

test('the in-memory APQ store is bounded by APQ_CACHE_BYTES, and a registration is capped by MAX_QUERY_BYTES', async () => {
  const service = await startService({ env: { MAX_QUERY_BYTES: String(MB), APQ_CACHE_BYTES: String(2 * MB), DOCUMENT_CACHE_BYTES: String(MB) } });
  try {
    for (let i = 0; i < 40; i += 1) {
      const query = padded(i, MB / 4);
      const response = await post(service, { query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
      expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
    }
    // 10 MB registered, 2 MiB kept (Apollo's default store keeps 30 MiB, the bound unsaid).
    const cached = await metric(service.url, 'memory_cache_bytes{cache="apq"}');
    expect(cached).toBeGreaterThan(MB);
    expect(cached).toBeLessThanOrEqual(2 * MB);
    // The most recent registration still runs by its hash alone.
    const last = padded(39, MB / 4);
    const byHash = await post(service, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(last) } } });
    expect(await byHash.json()).toEqual({ data: { __typename: 'Query' } });
    // Past MAX_QUERY_BYTES nothing is registered.
    const large = padded(0, MB + 1);
    const refused = await post(service, { query: large, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(large) } } });
    expect(refused.status).toBe(413);
  } finally {
    await service.close();
  }
}, 60_000);
