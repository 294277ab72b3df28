import { parse, type GraphQLEnumType, type GraphQLInputObjectType } from 'graphql';
import { capabilitiesOf } from '../src/clients/field-table.js';
import { isBadId, parseGlobalId } from '../src/clients/global-id.js';
import { findClients } from '../src/clients/find-clients.js';
import { checkFilter, listFilters } from '../src/clients/list-capabilities.js';
import type { RequestLoaders } from '../src/clients/loaders.js';
import type { RequestScope } from '../src/clients/scope.js';
import type { ProviderApi } from '../src/clients/provider.js';
import { createSchema } from '../src/graphql/schema.js';
import { printSdl } from '../src/graphql/sdl.js';
import { redactPaths } from '../src/observability/redaction.js';
import { filterTableMarkdown, pagingTableMarkdown } from '../src/tools/readme-tables.js';
import { enumNameOf } from '../src/clients/provider.js';
import { providerModules } from '../src/providers/index.js';
import { acme } from './fixtures/acme-provider.js';

// Adding a provider is one folder (its module names its simulator), its line in the provider
// list, and `npm run schema`: everything else is derived from the module. A fourth, test-only module shows it for the schema, the log redaction list and
// the global ids.
const withAcme = [...providerModules, acme];

test('the schema built from the list with a fourth module has its Provider value and description', async () => {
  const schema = await createSchema(withAcme);
  const values = (schema.getType('Provider') as GraphQLEnumType).getValues().map((value) => [value.name, value.value, value.description]);
  expect(values).toEqual([...providerModules, acme].map((module) => [enumNameOf(module.id), module.id, module.description]));
  expect(values.slice(0, 3)).toEqual([
    ['FATORA', 'fatora', 'Fatora (fatora.io). Global ids look like "fatora:1024".'],
    ['DAFTRA', 'daftra', 'Daftra (daftra.com). Global ids look like "daftra:512".'],
    ['INVISIBLE_COLLECTOR', 'invisible-collector', expect.stringContaining('Invisible Collector (invisiblecollector.com)')],
  ]);
  expect(values.at(-1)).toEqual(['ACME_BOOKS', 'acme-books', 'Acme Books (test only). Global ids look like "acme-books:7".']);
  expect(() => parse(printSdl(schema))).not.toThrow();
  // Building again from the usual list leaves the fourth out: nothing is hand-kept elsewhere.
  const usual = await createSchema(providerModules);
  expect((usual.getType('Provider') as GraphQLEnumType).getValues().map((value) => value.name)).toEqual(providerModules.map((module) => enumNameOf(module.id)));
});

test('the log redaction list covers the fourth module\'s credential headers, request and upstream', () => {
  const paths = redactPaths(withAcme);
  expect(paths).toEqual(expect.arrayContaining(['req.headers["x-acme-books-token"]', 'headers["x-acme-key"]', 'err.options.headers["x-acme-key"]']));
  expect(redactPaths(providerModules)).not.toContain('req.headers["x-acme-books-token"]');
});

test('its ids are parsed with its own id syntax and message; its field table gives its capabilities', () => {
  const registry = new Map<string, ProviderApi>([[acme.id, { facts: acme } as unknown as ProviderApi]]);
  expect(parseGlobalId('acme-books:7', registry)).toEqual({ provider: 'acme-books', providerId: '7' });
  const bad = parseGlobalId('acme-books:x', registry);
  expect(isBadId(bad) && bad.problem).toBe('Acme Books ids are numbers');
  expect(capabilitiesOf(acme.fields).filter((cap) => cap.creatable).map((cap) => [cap.field, cap.key])).toEqual([['name', 'title'], ['email', 'mail']]);
});

test('a module without list support (filters: {}) is refused every list, skipped by finds, and shown so in the schema and tables', async () => {
  expect(listFilters(acme)).toEqual([]);
  expect(() => checkFilter(acme, {})).toThrow('Acme Books cannot list clients without a filter; it has no list at all.');
  expect(() => checkFilter(acme, { email: 'a@b.example' })).toThrow('Acme Books cannot filter clients by email; it has no list at all.');
  // Skipped before anything is called: no API, loaders or scope is needed.
  const api = { facts: acme, configured: true } as unknown as ProviderApi;
  expect(await findClients([{ api, configured: true }], { email: 'a@b.example' }, {} as RequestLoaders, {} as RequestScope)).toEqual({
    clients: [],
    providers: [{ provider: 'acme-books', status: 'SKIPPED', reason: 'Acme Books cannot find clients by email; it cannot find clients', code: 'UNSUPPORTED_FILTER' }],
  });
  const schema = await createSchema(withAcme);
  expect((schema.getType('ClientFilter') as GraphQLInputObjectType).getFields().email!.description).toMatch(/UNSUPPORTED_FILTER at Acme Books\.$/);
  const lastCells = (table: string) => table.split('\n').slice(2).map((row) => row.split(' | ').at(-1));
  expect(lastCells(filterTableMarkdown(withAcme))).toEqual(['— |', '— |', '— |', '— |', 'refused: no list |']);
  expect(lastCells(pagingTableMarkdown(withAcme))).toEqual(['— |', '— |', '— |', '— |']);
});
