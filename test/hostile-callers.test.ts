import { nestingDepth } from '../src/edge/nesting.js';
import { OperationLabels } from '../src/observability/operation-label.js';
import { startService, type TestService } from './helpers/service.js';

let service: TestService;
beforeAll(async () => { service = await startService(); });
afterAll(() => service.close());

const totalCalls = () => service.fatora.calls.length + service.daftra.calls.length + service.ic.calls.length;

describe('nestingDepth', () => {
  test.each([
    [1, 0], ['a', 0], [null, 0], [[], 1], [{}, 1], [[1, [2]], 2], [{ a: { b: [1] } }, 3], [[[], [[[]]], []], 4],
  ])('%j nests %i deep', (value, depth) => {
    expect(nestingDepth(value, 100)).toBe(depth);
  });

  test('stops at the first depth past the limit, without recursion', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    expect(nestingDepth(deep, 10)).toBe(11);
    expect(nestingDepth(deep, 1_000_000)).toBe(200_000);
  });
});

describe('hostile variables are a 400 with a clear message, never a 500', () => {
  // The 400 KB: 100,000 levels of nesting, as a POST body and as a GET's variables.
  const nested = (depth: number) => `${'['.repeat(depth)}"fatora:1024"${']'.repeat(depth)}`;
  const refusal = {
    errors: [{
      message: 'The variables or extensions nest more than 32 levels deep, which no operation of this API needs.',
      extensions: { code: 'VARIABLES_TOO_DEEP' },
    }],
  };
  const query = 'query ($ids: [ID!]!) { clients(ids: $ids) { id } }';

  test('400 KB of nested variables in a POST', async () => {
    const response = await fetch(service.url, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: `{"query":${JSON.stringify(query)},"variables":{"ids":${nested(100_000)}}}`,
    });
    expect([response.status, await response.json()]).toEqual([400, refusal]);
    expect(service.logText()).not.toContain('Maximum call stack');
    expect(totalCalls()).toBe(0);
  });

  test('nested variables and extensions in a GET', async () => {
    for (const name of ['variables', 'extensions']) {
      const value = name === 'variables' ? `{"ids":${nested(2000)}}` : `{"x":${nested(40)}}`;
      const url = `${service.url}?query=${encodeURIComponent(query)}&${name}=${encodeURIComponent(value)}`;
      const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
      expect([response.status, await response.json()]).toEqual([400, refusal]);
    }
  });

  test('variables at the limit still run', async () => {
    const { status, body } = await service.gql('query ($ids: [ID!]!) { clients(ids: $ids) { id } }', { ids: ['fatora:1024'] });
    expect([status, body]).toEqual([200, { data: { clients: [{ id: 'fatora:1024' }] } }]);
    const deep = await fetch(service.url, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: `{"query":${JSON.stringify(query)},"variables":{"ids":${nested(31)}}}`,
    });
    // 32 levels: past the edge; GraphQL itself then says what is wrong with them.
    expect(deep.status).toBe(400);
    expect(((await deep.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('metric labels a caller can influence are bounded', () => {
  test('OperationLabels: the first N distinct names keep their label, later ones are other', () => {
    const labels = new OperationLabels(2);
    expect(['A', 'B', 'C', 'A', 'B', null, '', 'not a name', 'C'].map((name) => labels.of(name)))
      .toEqual(['A', 'B', 'other', 'A', 'B', 'anonymous', 'anonymous', 'invalid', 'other']);
  });

  test('300 distinct operation names make at most METRICS_MAX_OPERATIONS + 1 series', async () => {
    const limited = await startService({ env: { METRICS_MAX_OPERATIONS: '5' } });
    try {
      for (let i = 0; i < 300; i += 50) {
        await Promise.all(Array.from({ length: 50 }, (_, j) => limited.gql(`query Name${i + j} { __typename }`)));
      }
      // Refused at the edge (413), with a name of its own.
      const refused = await fetch(limited.url, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ operationName: 'Edge1', query: `#${'x'.repeat(70_000)}\n{ __typename }` }),
      });
      expect(refused.status).toBe(413);
      const text = await (await fetch(limited.url.replace(/\/graphql$/, '/metrics'))).text();
      const series = text.split('\n').filter((line) => line.startsWith('graphql_requests_total{'));
      const operations = new Set(series.map((line) => /operation="([^"]*)"/.exec(line)![1]));
      expect(operations.size).toBe(6);
      expect(operations.has('other')).toBe(true);
      expect(text).toContain('graphql_requests_total{operation="other",outcome="success"} 295');
      expect(text).toContain('graphql_requests_total{operation="other",outcome="error"} 1');
    } finally {
      await limited.close();
    }
  }, 60_000);
});
