import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

// A production boot loads no simulator code: demo mode imports the simulators dynamically, only
// when it runs on them. Walked statically from the process entry, over the imports that stay
// in the compiled JavaScript (type-only imports are erased; `import()` is not followed).

const SIMULATOR_FILE = /(^|\/)(simulators?|simulator-[a-z-]+)\.ts$/;

/** The modules a file loads at once: value imports and re-exports of relative paths. */
function staticImportsOf(source: string): string[] {
  const statements = source.match(/^(?:import|export)\s[^;]*?\sfrom\s+'[^']+';/gms) ?? [];
  return statements.flatMap((statement) => {
    if (/^(?:import|export)\s+type\s/.test(statement)) return [];
    const names = /\{([^}]*)\}/.exec(statement)?.[1];
    const bare = !/^(?:import|export)\s*\{/.test(statement);
    // `import { type A, type B } from …` is erased too; `import X, { … }` or `* as` is not.
    if (!bare && names !== undefined && names.split(',').map((n) => n.trim()).filter(Boolean).every((n) => n.startsWith('type '))) return [];
    const from = /from\s+'([^']+)'/.exec(statement)![1]!;
    return from.startsWith('.') ? [from] : [];
  }).concat((source.match(/^import\s+'(\.[^']+)';/gm) ?? []).map((line) => /'([^']+)'/.exec(line)![1]!));
}

function reachableFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImportsOf(readFileSync(file, 'utf8'))) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
  };
  visit(resolve(entry));
  return seen;
}

test('the import scan sees value imports and re-exports, and skips type-only ones', () => {
  expect(staticImportsOf([
    "import { a } from './a.js';",
    "import type { B } from './b.js';",
    "import { type C, type D } from './c.js';",
    "import { type E, f } from './e.js';",
    "import * as g from './g.js';",
    "export { h } from './h.js';",
    "export type { I } from './i.js';",
    "import {\n  j,\n  k,\n} from './j.js';",
    "import pino from 'pino';",
    "const later = await import('./later.js');",
  ].join('\n'))).toEqual(['./a.js', './e.js', './g.js', './h.js', './j.js']);
});

test('a production boot (src/main.ts and everything it imports at once) loads no simulator module', () => {
  const loaded = [...reachableFrom('src/main.ts')].map((file) => file.slice(resolve('.').length + 1));
  expect(loaded).toContain('src/server.ts');
  expect(loaded).toContain('src/providers/fatora/api.ts');
  expect(loaded.filter((file) => SIMULATOR_FILE.test(file))).toEqual([]);
});

test('the OpenTelemetry SDK and pino-pretty are loaded only when asked for: nothing the process loads at once imports them', () => {
  const files = [...reachableFrom('src/main.ts')];
  const packagesOf = (file: string) => (readFileSync(file, 'utf8').match(/^(?:import|export)\s[^;]*?\sfrom\s+'([^.'][^']*)';/gms) ?? [])
    .filter((statement) => !/^(?:import|export)\s+type\s/.test(statement))
    .map((statement) => /from\s+'([^']+)'/.exec(statement)![1]!);
  const packages = new Set(files.flatMap(packagesOf));
  // The API alone (a no-op until an SDK registers) is what the code paths import.
  expect(packages).toContain('@opentelemetry/api');
  expect([...packages].filter((name) => name.startsWith('@opentelemetry/') && name !== '@opentelemetry/api')).toEqual([]);
  expect(packages.has('pino-pretty')).toBe(false);
});
