import { createHash } from 'node:crypto';
import { Provider } from '../src/providers/index.js';
import { credentialId } from '../src/clients/credential-ids.js';
import { keyMaterial, redisKey } from '../src/state/keys.js';

/** Key naming (src/clients/credential-ids.ts, src/state/keys.ts): pure functions, table-driven. */

const material = keyMaterial('epoch-1', null);
const fatora = { baseUrl: 'https://api.fatora.io/v1', headers: { authorization: 'Bearer secret-a' } };

describe('credential ids', () => {
  const base = credentialId(material, Provider.FATORA, fatora);

  test.each([
    ['another credential', material, Provider.FATORA, { ...fatora, headers: { authorization: 'Bearer secret-b' } }],
    ['another base URL', material, Provider.FATORA, { ...fatora, baseUrl: 'https://fatora.test/v1' }],
    ['another provider', material, Provider.DAFTRA, fatora],
    ['an API key instead', material, Provider.FATORA, { ...fatora, headers: {}, apiKey: 'secret-a' }],
    ['another epoch', keyMaterial('epoch-2', null), Provider.FATORA, fatora],
    ['a STATE_KEY_SECRET', keyMaterial('epoch-1', 'x'.repeat(32)), Provider.FATORA, fatora],
  ])('%s gives another id', (_what, key, provider, settings) => {
    expect(credentialId(key, provider, settings)).not.toBe(base);
  });

  test('the same deployment gives the same id (header order aside), 32 hex digits, holding neither the credential nor its SHA-256', () => {
    const reordered = { headers: { authorization: 'Bearer secret-a' }, baseUrl: 'https://api.fatora.io/v1' };
    expect(credentialId(keyMaterial('epoch-1', null), Provider.FATORA, reordered)).toBe(base);
    expect(base).toMatch(/^[0-9a-f]{32}$/);
    for (const text of ['Bearer secret-a', 'secret-a']) {
      expect(createHash('sha256').update(text).digest('hex')).not.toContain(base);
    }
  });
});

describe('Redis key names', () => {
  test.each([
    ['idem', 'fatora:abc|my-key', 'clients-graph:idem:{fatora:abc}:my-key'],
    ['quota', 'fatora:abc', 'clients-graph:quota:{fatora:abc}'],
    ['lock', 'fatora:abc|1024', 'clients-graph:lock:{fatora:abc|1024}'],
    ['read', 'fatora:abc|1024', 'clients-graph:read:{fatora:abc|1024}:c'],
    ['gen', 'fatora:abc|1024', 'clients-graph:read:{fatora:abc|1024}:g'],
    // An id with a "|" of its own: only the first one splits.
    ['idem', 'fatora:abc|a|b', 'clients-graph:idem:{fatora:abc}:a|b'],
  ] as const)('%s of %s is %s', (kind, shared, name) => {
    expect(redisKey(kind, shared)).toBe(name);
  });
});
