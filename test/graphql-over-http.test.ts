import { auditServer } from 'graphql-http';
import { startService, type TestService } from './helpers/service.js';

/**
 * SHOULDs of the GraphQL-over-HTTP spec that Apollo Server 5 does not meet, by audit name.
 * Under the legacy `application/json` response type Apollo answers request errors (parse,
 * validation, variable coercion) with 400 where the spec prefers 200; clients that want the
 * spec's codes ask for `application/graphql-response+json`, where every check passes.
 * (The MAY notices about GET requests come from Apollo's CSRF prevention, which refuses GETs
 * without a preflight-forcing header, and stay on purpose.)
 */
const KNOWN_SHOULD_GAPS = [
  'SHOULD use 200 status code on document parsing failure when accepting application/json',
  'SHOULD use 200 status code on document validation failure when accepting application/json',
  'SHOULD use a status code of 200 on variable coercion failure when accepting application/json',
];

let service: TestService;
beforeAll(async () => { service = await startService(); });
afterAll(() => service.close());

test('graphql-http server audits: every MUST passes; SHOULD failures are only the known ones', async () => {
  const results = await auditServer({ url: service.url, fetchFn: fetch });
  expect(results.length).toBeGreaterThan(40);
  const named = (status: string) => results.filter((result) => result.status === status).map((result) => result.name);
  expect(named('error')).toEqual([]); // MUSTs
  expect(named('warn')).toEqual(KNOWN_SHOULD_GAPS);
});
