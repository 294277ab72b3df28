import { readFileSync } from 'node:fs';
import { PROVIDER_LABEL, Provider } from '../src/clients/client.js';
import { ProviderFiltersDocument } from './generated/graphql.js';
import { startService, type TestService } from './helpers/service.js';

/** The README's filter-by-provider table, rendered from what the running service says of each provider. */
let service: TestService;
beforeAll(async () => { service = await startService(); });
afterAll(() => service.close());

const FIELDS: Array<[string, string]> = [['SEARCH', 'search'], ['EMAIL', 'email'], ['TAX_NUMBER', 'taxNumber'], ['EXTERNAL_ID', 'externalId']];

function renderTable(providers: Array<{ provider: string; listsWithoutFilter: boolean; filters: Array<{ field: string; matches: string; find: boolean }> }>): string {
  const header = `| \`ClientFilter\` | ${providers.map((p) => PROVIDER_LABEL[Provider[p.provider as keyof typeof Provider]]).join(' | ')} |`;
  const rule = `|---|${providers.map(() => '---').join('|')}|`;
  const rows = FIELDS.map(([value, name]) => `| \`${name}\` | ${providers.map((p) => {
    const filter = p.filters.find((f) => f.field === value);
    return filter ? `${filter.matches}${filter.find ? '; findClients ✓' : ''}` : '—';
  }).join(' | ')} |`);
  const none = `| no filter | ${providers.map((p) => (p.listsWithoutFilter ? 'every client' : 'refused: no list, only exact finds')).join(' | ')} |`;
  return [header, rule, ...rows, none].join('\n');
}

test('the README\'s filter table is what the providers declare', async () => {
  const { body } = await service.op(ProviderFiltersDocument);
  const table = renderTable(body.data!.providers);
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  if (!readme.includes(table)) throw new Error(`README.md should hold this table (paste it in):\n\n${table}\n`);
});
