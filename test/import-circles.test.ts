import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// No import circle in src/: every import counts here, type-only ones and `import()` included,
// since a circle of types is still two files that cannot be read (or moved) one without the
// other. The provider list (providers/index.ts) imports the modules, which load their
// simulators: so a simulator takes its types from where they are defined, never from the list.

/** The relative files a source imports, in any form. */
function importsOf(source: string): string[] {
  return [...source.matchAll(/(?:^(?:import|export)\s[^;]*?\sfrom\s+|^import\s+|\bimport\()'(\.[^']+)'/gms)].map((match) => match[1]!);
}

/** Each circle of the graph once, as the files along it from the first one met. */
function circlesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const circles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') circles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return circles;
}

function sourceGraph(root: string): Map<string, string[]> {
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts')).map((file) => join(root, file));
  return new Map(files.map((file) => [
    relative('.', file),
    importsOf(readFileSync(file, 'utf8')).map((spec) => relative('.', resolve(dirname(file), spec.replace(/\.js$/, '.ts')))),
  ]));
}

test('the scan sees every kind of import', () => {
  expect(importsOf([
    "import { a } from './a.js';",
    "import type { B } from './b.js';",
    "export { c } from './c.js';",
    "export type { D } from '../d.js';",
    "import {\n  e,\n} from './e.js';",
    "import './f.js';",
    "const later = await import('./g.js');",
    "import pino from 'pino';",
  ].join('\n'))).toEqual(['./a.js', './b.js', './c.js', '../d.js', './e.js', './f.js', './g.js']);
});

test.each<[string, Array<[string, string[]]>, string[][]]>([
  ['a line', [['a', ['b']], ['b', ['c']], ['c', []]], []],
  ['a circle of three', [['a', ['b']], ['b', ['c']], ['c', ['a']]], [['a', 'b', 'c', 'a']]],
  ['a file importing itself', [['a', ['a']]], [['a', 'a']]],
  ['two roads to one file, no circle', [['a', ['b', 'c']], ['b', ['d']], ['c', ['d']], ['d', []]], []],
])('circles of %s', (_name, edges, circles) => {
  expect(circlesOf(new Map(edges))).toEqual(circles);
});

test('src/ has no import circle', () => {
  const graph = sourceGraph('src');
  expect(graph.get('src/providers/fatora/index.ts')).toContain('src/providers/fatora/simulator.ts');
  expect(circlesOf(graph)).toEqual([]);
});
