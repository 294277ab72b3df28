import { readFileSync } from 'node:fs';
import { providerModules } from '../src/providers/index.js';
import { envNamesOf } from '../src/clients/provider.js';
import { SAMPLE_QUERY } from '../src/edge/explorer.js';
import { markersOf, withGeneratedTables } from '../src/tools/readme-tables.js';

// The README is the only manual: its field table is generated from the provider modules (`npm
// run schema`), and it never sends the reader to files outside the repository.
const readme = readFileSync('README.md', 'utf8');

test('the README\'s field and provider tables are the ones the provider modules generate (run npm run schema)', () => {
  expect(readme).toBe(withGeneratedTables(readme, providerModules));
});

test('every provider setting a module declares has its row in the README\'s generated provider settings table', () => {
  const settings = markersOf('provider-settings-table');
  const table = readme.slice(readme.indexOf(settings.start), readme.indexOf(settings.end));
  const names = providerModules.flatMap(envNamesOf);
  expect(names.filter((name) => !table.includes(`| \`${name}\` |`))).toEqual([]);
});

test('the README points at nothing outside the repository', () => {
  // Markdown links and bare relative paths alike: nothing that climbs out (`../`) or starts at the root.
  const targets = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!);
  expect(targets.filter((target) => target.startsWith('/') || target.startsWith('file:') || target.includes('../'))).toEqual([]);
  expect(readme).not.toMatch(/(^|[\s`'"(])\.\.\//m);
  expect(readme).not.toMatch(/(^|[\s`'"(])\/(work|tmp|home|Users)\//m);
});

test('the query GraphiQL opens with is the README\'s first sample, word for word', () => {
  const firstSample = /```graphql\n([\s\S]*?)```/.exec(readme)![1]!;
  expect(firstSample).toBe(SAMPLE_QUERY);
});
