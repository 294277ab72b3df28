import { readFileSync } from 'node:fs';
import { providerModules } from '../src/providers/index.js';
import { withGeneratedTables } from '../src/tools/readme-tables.js';

// The README is the only manual: its field table is generated from the provider modules (`npm
// run schema`), and it never sends the reader to files outside the repository.
const readme = readFileSync('README.md', 'utf8');

test('the README\'s field and provider tables are the ones the provider modules generate (run npm run schema)', () => {
  expect(readme).toBe(withGeneratedTables(readme, providerModules));
});

test('every provider setting a module declares has its row in the README\'s settings table', () => {
  const names = providerModules.flatMap((module) => module.envNames);
  expect(names.filter((name) => !readme.includes(`| \`${name}\` |`))).toEqual([]);
});

test('the README points at nothing outside the repository', () => {
  expect(readme).not.toMatch(/\.\.\/shared/);
});
