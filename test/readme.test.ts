import { readFileSync } from 'node:fs';
import { providerModules } from '../src/providers/index.js';
import { envNamesOf } from '../src/clients/provider.js';
import { SAMPLE_QUERY } from '../src/edge/explorer.js';
import { generatedTableNames, manualFiles, markersOf, tablesIn, withGeneratedTables } from '../src/tools/readme-tables.js';

// The manual is the README and docs/: its tables are generated from the provider modules (`npm
// run schema`), each on the one page where its topic is read, and it never sends the reader to
// files outside the repository.
const pages = manualFiles().map((file) => ({ file, text: readFileSync(file, 'utf8') }));
const readme = pages.find((page) => page.file === 'README.md')!.text;

test.each(pages.map((page) => [page.file, page.text] as const))('%s: its generated tables are the ones the provider modules generate (run npm run schema)', (_file, text) => {
  expect(text).toBe(withGeneratedTables(text, providerModules));
});

test('every generated table is on exactly one page of the manual', () => {
  const where = generatedTableNames(providerModules).map((name) => [name, pages.filter((page) => tablesIn(page.text, providerModules).includes(name)).map((page) => page.file)]);
  expect(where.filter(([, files]) => files!.length !== 1)).toEqual([]);
});

test('every provider setting a module declares has its row in the generated provider settings table', () => {
  const settings = markersOf('provider-settings-table');
  const page = pages.find((p) => p.text.includes(settings.start))!.text;
  const table = page.slice(page.indexOf(settings.start), page.indexOf(settings.end));
  const names = providerModules.flatMap(envNamesOf);
  expect(names.filter((name) => !table.includes(`| \`${name}\` |`))).toEqual([]);
});

test.each(pages.map((page) => [page.file, page.text] as const))('%s points at nothing outside the repository, and its links to the manual resolve', (file, text) => {
  // Markdown links and bare paths alike: nothing that starts at the root or climbs out of the repository.
  const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!);
  const depth = file.split('/').length - 1;
  const climbsOut = (target: string) => (target.match(/\.\.\//g) ?? []).length > depth;
  expect(targets.filter((target) => target.startsWith('/') || target.startsWith('file:') || climbsOut(target))).toEqual([]);
  expect(text).not.toMatch(/(^|[\s`'"(])\/(work|tmp|home|Users)\//m);
  // A link to another page of the manual names a page that exists, and its #anchor a heading of it.
  const local = targets.filter((target) => !/^[a-z]+:/.test(target) && !target.startsWith('#'));
  const dir = depth === 0 ? '' : file.slice(0, file.lastIndexOf('/') + 1);
  for (const target of local) {
    const [path, anchor] = target.split('#');
    const resolved = new URL(path!, `file:///repo/${dir}`).pathname.slice('/repo/'.length);
    const page = pages.find((p) => p.file === resolved);
    expect([target, page ? 'exists' : 'missing']).toEqual([target, 'exists']);
    if (anchor) expect([target, anchorsOf(page!.text).includes(anchor)]).toEqual([target, true]);
  }
});

/** GitHub's anchors for a page's headings (lower case, punctuation dropped, spaces to hyphens). */
function anchorsOf(text: string): string[] {
  return [...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => match[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-'));
}

test('the README stays a first screen: at most 300 lines, the rest in docs/', () => {
  expect(readme.split('\n').length).toBeLessThanOrEqual(300);
});

test('the query GraphiQL opens with is the README\'s first sample, word for word', () => {
  const firstSample = /```graphql\n([\s\S]*?)```/.exec(readme)![1]!;
  expect(firstSample).toBe(SAMPLE_QUERY);
});
