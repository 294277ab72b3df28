// Lives in src/ beside the other tools but is never compiled (tsc takes .ts only, no allowJs):
// it must run before dist/ exists.
// `npm start` and `npm run bench` build through this: when the sources, the compiler settings
// and the lock file are byte for byte what dist/ was built from, the build is skipped (it
// takes several seconds even when incremental); otherwise tsc builds incrementally.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STAMP = 'dist/.sources-hash';
const hash = createHash('sha256');
const add = (path) => hash.update(path).update('\0').update(readFileSync(path)).update('\0');
const walk = (folder) => {
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
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.', '--incremental', '--tsBuildInfoFile', 'dist/.tsbuildinfo'], { stdio: 'inherit' });
writeFileSync(STAMP, sources);
