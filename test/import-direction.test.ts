import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

// Imports go one way (docs/contributing.md, "Where things live"): the core (src/clients/)
// declares the ports it needs and imports no other folder; state/, providers/, graphql/ and
// observability/ implement or use it; nothing imports its way back. Type-only imports count:
// a port declared outside the core is still an arrow out of it.

/** Every .ts file under src, as paths relative to src with `/` separators. */
function sourceFiles(dir = 'src'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [relative('src', path).split(sep).join('/')] : [];
  });
}

/**
 * The relative modules a file imports or re-exports, in any form: type-only imports count (a
 * circle of types is still two files that cannot be read or moved one without the other), and
 * so does `import()` (the provider list loads the modules, which load their simulators).
 */
function importsOf(source: string): string[] {
  return [...source.matchAll(/(?:^(?:import|export)\s[^;]*?\sfrom\s+|^import\s+|\bimport\()'(\.[^']+)'/gms)].map((match) => match[1]!);
}

const root = resolve('src');
/** Each file of src and the files of src it imports. */
const graph = new Map(sourceFiles().map((file) => [file, importsOf(readFileSync(join('src', file), 'utf8'))
  .map((spec) => relative(root, resolve(root, dirname(file), spec.replace(/\.js$/, '.ts'))).split(sep).join('/'))]));

/** The folder of src a file is in (a top-level file is a node of its own, as server.ts). */
const areaOf = (file: string) => file.split('/')[0]!;

/** The circles of a directed graph, each written from its first node back to it. */
function circles(edges: Map<string, string[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next].join(' → '));
      else if (!state.has(next) && edges.has(next)) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of [...edges.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}

test('the import scan sees every kind of import', () => {
  expect(importsOf([
    "import { a } from './a.js';",
    "import type { B } from '../b/b.js';",
    "export { c } from './c.js';",
    "export type { D } from '../d.js';",
    "import {\n  e,\n  type E,\n} from './e.js';",
    "import './f.js';",
    "import pino from 'pino';",
    "const later = await import('./g.js');",
  ].join('\n'))).toEqual(['./a.js', '../b/b.js', './c.js', '../d.js', './e.js', './f.js', './g.js']);
});

test.each<[string, Array<[string, string[]]>, string[]]>([
  ['a line', [['a', ['b']], ['b', ['c']], ['c', []]], []],
  ['a circle of three, and a file outside it', [['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]], ['a → b → c → a']],
  ['a file importing itself', [['a', ['a']]], ['a → a']],
  ['two roads to one file, no circle', [['a', ['b', 'c']], ['b', ['d']], ['c', ['d']], ['d', []]], []],
])('circles of %s', (_name, edges, found) => {
  expect(circles(new Map(edges))).toEqual(found);
});

test('the core (src/clients/) imports nothing outside it: the ports it needs are declared in it, and state/ implements them', () => {
  const core = [...graph].filter(([file]) => areaOf(file) === 'clients');
  // The scan sees the core's own imports and the stores importing its ports, so it cannot pass by seeing nothing.
  expect(graph.get('clients/writes.ts')).toEqual(expect.arrayContaining(['clients/errors.ts', 'clients/update-lock-port.ts']));
  expect(graph.get('state/redis-lock.ts')).toContain('clients/update-lock-port.ts');
  expect(core.flatMap(([file, imports]) => imports.filter((target) => areaOf(target) !== 'clients').map((target) => `${file} → ${target}`))).toEqual([]);
});

test('the providers import nothing of graphql/; observability/ imports nothing but the core', () => {
  const outOf = (area: string) => [...graph].filter(([file]) => areaOf(file) === area)
    .flatMap(([file, imports]) => imports.filter((target) => areaOf(target) !== area).map((target) => `${file} → ${target}`));
  // The scan sees each folder's imports of the core, so it cannot pass by seeing nothing.
  expect(outOf('providers')).toContain('providers/http.ts → clients/errors.ts');
  expect(outOf('observability').length).toBeGreaterThan(0);
  expect(outOf('providers').filter((edge) => edge.includes(' → graphql/'))).toEqual([]);
  expect(outOf('observability').filter((edge) => !edge.includes(' → clients/'))).toEqual([]);
});

test('no import circle: between the files of src, nor between its folders', () => {
  // The scan sees a module loading its simulator, so it cannot pass by missing import().
  expect(graph.get('providers/fatora/index.ts')).toContain('providers/fatora/simulator.ts');
  expect(circles(graph)).toEqual([]);
  const folders = new Map<string, string[]>();
  for (const [file, imports] of graph) {
    const from = areaOf(file);
    const targets = folders.get(from) ?? [];
    folders.set(from, targets);
    for (const target of imports) if (areaOf(target) !== from && !targets.includes(areaOf(target))) targets.push(areaOf(target));
  }
  expect(folders.get('state')).toContain('clients');
  expect(circles(folders)).toEqual([]);
});
