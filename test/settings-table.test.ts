import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../src/config.js';
import { DERIVED_TIMINGS, GENERAL_SETTINGS, LIBRARY_SETTINGS } from '../src/config-settings.js';
import { envNamesOf } from '../src/clients/provider.js';
import { providerModules } from '../src/providers/index.js';

// The general settings are declared once, in config-settings.ts: loadConfig parses them from
// there and the manual's table is generated from there. These tests keep it the one place.

/** Every .ts file of the service: not the bench or the build tools (never imported by it). */
function serviceFiles(dir = 'src'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === join('src', 'bench') || path === join('src', 'tools') ? [] : serviceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The settings a file reads by name: `env.X`, `process.env.X`, `env['X']`, or a reader given `(env, 'X'`. */
function settingsReadIn(text: string): string[] {
  const pattern = /\benv(?:\.([A-Z][A-Z0-9_]*)\b|\[['"]([A-Z][A-Z0-9_]*)['"]\])|\(env, '([A-Z][A-Z0-9_]*)'/g;
  return [...text.matchAll(pattern)].map((match) => (match[1] ?? match[2] ?? match[3])!);
}

// A provider's module reads its own settings (declared in its envSettings, with its own table).
const providerFolder = /^src[/\\]providers[/\\][^/\\]+[/\\]/;
const reads = serviceFiles().filter((file) => !providerFolder.test(file))
  .flatMap((file) => settingsReadIn(readFileSync(file, 'utf8')).map((name) => ({ file, name })));

test('every setting src reads from the environment is declared in the settings table (or is OpenTelemetry\'s own)', () => {
  const declared = new Set<string>([...Object.keys(GENERAL_SETTINGS), ...LIBRARY_SETTINGS, ...providerModules.flatMap(envNamesOf)]);
  // The scan finds what it should, so it cannot pass by finding nothing.
  expect(reads.map((read) => read.name)).toEqual(expect.arrayContaining(['HOST', 'CORS_ORIGINS', 'NODE_ENV', 'OTEL_SDK_DISABLED']));
  expect(reads.filter((read) => !declared.has(read.name))).toEqual([]);
});

test('NODE_ENV is read from the environment by the settings table alone (the rest reads Config.nodeEnv)', () => {
  expect([...new Set(reads.filter((read) => read.name === 'NODE_ENV').map((read) => read.file))]).toEqual([join('src', 'config-settings.ts')]);
});

test('OpenTelemetry\'s settings that src reads are described in the manual', () => {
  const operations = readFileSync('docs/operations.md', 'utf8');
  expect(LIBRARY_SETTINGS.filter((name) => !operations.includes(name))).toEqual([]);
});

// Each row of the table is what loadConfig enforces: its range refuses the value just past it.
const integers = Object.entries(GENERAL_SETTINGS).flatMap(([name, setting]) => {
  const range = /^(\d+)–(\d+)$/.exec(setting.allowed);
  return range ? [[name, Number(range[1]), Number(range[2])] as const] : [];
});

test.each(integers)('%s takes %d to %d, as its row says, and nothing past either end', (name, min, max) => {
  expect(loadConfig({ [name]: String(min) })).toBeDefined();
  expect(loadConfig({ [name]: String(max) })).toBeDefined();
  for (const bad of [min - 1, max + 1]) {
    expect(() => loadConfig({ [name]: String(bad) })).toThrow(new ConfigError(name, `must be a whole number from ${min} to ${max}, not "${bad}"`));
  }
});

const booleans = Object.entries(GENERAL_SETTINGS).filter(([, setting]) => setting.allowed === '`true`, `false`').map(([name]) => name);

test.each(booleans)('%s takes true or false, as its row says', (name) => {
  expect(() => loadConfig({ [name]: 'maybe' })).toThrow(new ConfigError(name, 'must be true or false, not "maybe"'));
});

test('the derived timings follow the call budget', () => {
  expect(loadConfig({ UPSTREAM_TIMEOUT_MS: '1000', UPSTREAM_BUDGET_MS: '3000' }).guards).toEqual({ updateMs: 13_000, createMs: 7000 });
});

test('the manual writes each derived timing\'s formula as the code computes it', () => {
  const manual = ['docs/operations.md', 'docs/api.md'].map((file) => readFileSync(file, 'utf8')).join('\n');
  expect(Object.values(DERIVED_TIMINGS).map((timing) => timing.doc).filter((doc) => !manual.includes(`\`${doc}\``))).toEqual([]);
});
