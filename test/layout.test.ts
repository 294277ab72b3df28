import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// docs/contributing.md's "Where things live" is where a newcomer learns the layout: every path
// it names exists, and every file and folder of src/ (and of src/providers/) is there.

const text = readFileSync('docs/contributing.md', 'utf8');
const start = text.indexOf('```', text.indexOf('Where things live'));
const block = text.slice(text.indexOf('\n', start) + 1, text.indexOf('\n```', start)).split('\n');

/** What the block names at one indent (`src/` paths at none, a folder's entries below it): the words that are paths. */
const named = (indent: string) => block.filter((line) => line.startsWith(indent) && line[indent.length] !== ' ')
  .map((line) => line.slice(indent.length).split(/\s{2,}/)[0]!)
  .flatMap((head) => head.split(' ').filter((word) => /^[\w.-]+\/?$|\//.test(word)));

/** A folder's entries as the block writes them: folders with a trailing `/`. */
const entriesOf = (dir: string) => readdirSync(dir).map((name) => (statSync(join(dir, name)).isDirectory() ? `${name}/` : name)).sort();

const providerFolders = entriesOf('src/providers').filter((entry) => entry.endsWith('/') && existsSync(join('src/providers', entry, 'index.ts')));

test('the block is read: it names src/ paths, the providers\' shared files and a provider folder\'s files', () => {
  expect(named('')).toEqual(expect.arrayContaining(['src/main.ts', 'src/clients/', 'test/']));
  expect(named('  ')).toEqual(expect.arrayContaining(['index.ts', 'http/', 'fatora/', 'daftra/', 'invisible-collector/']));
  expect(named('      ')).toEqual(expect.arrayContaining(['index.ts', 'mapper.ts']));
});

test('every path it names exists', () => {
  expect(named('').filter((path) => !existsSync(path))).toEqual([]);
  expect(named('  ').filter((entry) => !existsSync(join('src/providers', entry)))).toEqual([]);
  // A provider folder's files: each in at least one provider's folder.
  expect(named('      ').filter((file) => !providerFolders.some((folder) => existsSync(join('src/providers', folder, file))))).toEqual([]);
});

test('every file and folder of src/, of src/providers/ and of each provider\'s folder is described', () => {
  const top = new Set(named(''));
  expect(entriesOf('src').map((entry) => `src/${entry}`).filter((path) => !top.has(path))).toEqual([]);
  const shared = new Set(named('  '));
  expect(entriesOf('src/providers').filter((entry) => !shared.has(entry))).toEqual([]);
  const perProvider = new Set(named('      '));
  expect(providerFolders.flatMap((folder) => entriesOf(join('src/providers', folder)).filter((file) => !perProvider.has(file))
    .map((file) => `${folder}${file}`))).toEqual([]);
});
