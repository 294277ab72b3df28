import { ERROR_CODES, type ErrorCode } from '../src/clients/error-codes.js';
import { startService, type TestService } from './helpers/service.js';

// Every extensions.code a caller can meet is in the one vocabulary (src/clients/error-codes.ts),
// and so in the manual's error table: the GraphQL layer's own (Apollo Server's) as well as ours.
// Each case sends what a caller would and reads the code and status the service answers.

let service: TestService;
beforeAll(async () => { service = await startService(); });
afterAll(() => service.close());

async function post(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; codes: string[] }> {
  const response = await fetch(service.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = await response.json() as { errors?: Array<{ extensions?: { code?: string } }> };
  return { status: response.status, codes: (json.errors ?? []).map((error) => error.extensions?.code ?? '(none)') };
}

test.each<[string, () => Promise<{ status: number; codes: string[] }>, number, ErrorCode]>([
  ['a query that is not GraphQL', () => post({ query: '{ client(id: ' }), 400, 'GRAPHQL_PARSE_FAILED'],
  ['a field the schema does not have', () => post({ query: '{ nothing }' }), 400, 'GRAPHQL_VALIDATION_FAILED'],
  ['an operationName the document does not hold', () => post({ query: 'query A { __typename }', operationName: 'B' }), 400, 'OPERATION_RESOLUTION_FAILURE'],
  ['two operations and none named', () => post({ query: 'query A { __typename } query B { __typename }' }), 400, 'OPERATION_RESOLUTION_FAILURE'],
  ['a persisted-query hash never registered', () => post({
    extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } },
  }), 200, 'PERSISTED_QUERY_NOT_FOUND'],
  ['a body without a query', () => post({ variables: {} }), 400, 'BAD_REQUEST'],
  ['variables that are not an object', () => post({ query: '{ __typename }', variables: [1] }), 400, 'BAD_REQUEST'],
  ['a GET without a preflight header (CSRF prevention)', async () => {
    const response = await fetch(`${service.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'content-type': 'text/plain' } });
    const json = await response.json() as { errors: Array<{ extensions: { code: string } }> };
    return { status: response.status, codes: json.errors.map((error) => error.extensions.code) };
  }, 400, 'BAD_REQUEST'],
  ['a variable of the wrong type', () => post({ query: 'query ($id: ID!) { client(id: $id) { id } }', variables: { id: { no: 1 } } }), 400, 'BAD_USER_INPUT'],
])('%s: the code is the vocabulary\'s', async (_what, send, status, code) => {
  const answer = await send();
  expect(answer).toEqual({ status, codes: [code] });
  expect(['field', 'request']).toContain(ERROR_CODES[code].surface);
});
