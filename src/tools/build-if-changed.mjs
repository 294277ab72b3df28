// Lives in src/ beside the other tools but is never compiled (tsc takes .ts only, no allowJs):
// it must run before dist/ exists.
// `npm start` and `npm run bench` build through this: when the sources, the compiler settings
// and the lock file are byte for byte what dist/ was built from, the build is skipped (it
// takes several seconds even when incremental); otherwise tsc builds incrementally.
// A production install (`npm run build`, then `npm prune --omit=dev`) has no TypeScript: there
// dist/ is served as built, and without dist/ the start says what to run, in one line (no
// stack trace), and exits 1.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STAMP = 'dist/.sources-hash';
const TSC = 'node_modules/typescript/bin/tsc';
const ENTRY = 'dist/src/main.js';

if (!existsSync(TSC)) {
  if (existsSync(ENTRY)) process.exit(0);
  process.stderr.write('clients-graph is not built and TypeScript (a dev dependency) is not installed: '
    + 'run `npm ci && npm run build` first (then `npm prune --omit=dev` to drop the dev dependencies)\n');
  process.exit(1);
}

const hash = createHash('sha256');
const add = (path) => hash.update(path).update('\0').update(readFileSync(path)).update('\0');
const walk = (folder) => {
  if (!existsSync(folder)) return;
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) walk(path);
    else add(path);
  }
};
for (const file of ['tsconfig.json', 'package.json', 'package-lock.json']) add(file);
walk('src');
walk('test');
const sources = hash.digest('hex');

if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === sources) process.exit(0);
// A build that fails half-way leaves dist/ neither old nor new: no stamp may vouch for it.
rmSync(STAMP, { force: true });
execFileSync(process.execPath, [TSC, '-p', '.', '--incremental', '--tsBuildInfoFile', 'dist/.tsbuildinfo'], { stdio: 'inherit' });
writeFileSync(STAMP, sources);
