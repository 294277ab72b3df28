import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFileSync, cpSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startSimulators, type Simulators } from '../src/providers/simulators.js';
import { FATORA_SIMULATOR_TOKEN } from '../src/providers/fatora/simulator.js';
import { spawnBuiltService } from './helpers/built-service.js';
import { postGraphQL, until } from './helpers/service.js';

// The production install of the README, for real: a copy of the project whose node_modules
// holds exactly what `npm prune --omit=dev` keeps (every package of the lock file not marked
// "dev", hard-linked: a copy of the files, not a symlink, so Node resolves nothing from this
// checkout's dev dependencies), started with `npm start`.
const run = promisify(execFile);
let app: string;
let simulators: Simulators;
const children: ChildProcess[] = [];

beforeAll(async () => {
  app = mkdtempSync(join(tmpdir(), 'clients-graph-production-'));
  for (const file of ['package.json', 'package-lock.json', 'tsconfig.json']) copyFileSync(file, join(app, file));
  cpSync('src', join(app, 'src'), { recursive: true });
  installProductionDependencies(app);
  simulators = await startSimulators();
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
  await simulators?.close();
  rmSync(app, { recursive: true, force: true });
});

/** Every package `npm ci --omit=dev` installs, placed where the lock file says. */
function installProductionDependencies(root: string): void {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  for (const [path, entry] of Object.entries(lock.packages)) {
    // Optional packages for other platforms are in the lock file but not installed.
    if (path === '' || entry.dev || !existsSync(path)) continue;
    copyTree(path, join(root, path));
  }
}

/** A package's own files (its nested node_modules are packages of their own in the lock file). */
function copyTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) copyTree(source, target);
    else if (entry.isFile()) {
      try { linkSync(source, target); } catch { copyFileSync(source, target); }
    }
  }
}

const baseEnv = () => ({ PATH: process.env.PATH!, HOME: process.env.HOME ?? tmpdir(), npm_config_update_notifier: 'false' });

/** `npm start` in the production copy, in a process group of its own (npm and node). */
function npmStart(env: Record<string, string>): { child: ChildProcess; output(): string } {
  let output = '';
  const child = spawn('npm', ['start'], { cwd: app, env: { ...baseEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  return { child, output: () => output };
}

test('without a build and without dev dependencies, the start says so in one line and exits 1 (no stack trace)', async () => {
  expect(existsSync(join(app, 'node_modules/typescript'))).toBe(false);
  expect(existsSync(join(app, 'node_modules/fastify'))).toBe(true);
  const direct = await run(process.execPath, ['src/tools/build-if-changed.mjs'], { cwd: app, env: baseEnv() }).then(
    () => null, (error: { code: number; stdout: string; stderr: string }) => error);
  expect(direct && [direct.code, direct.stdout, direct.stderr]).toEqual([1, '',
    'clients-graph is not built and TypeScript (a dev dependency) is not installed: run `npm ci && npm run build` first '
    + '(then `npm prune --omit=dev` to drop the dev dependencies)\n']);

  const { child, output } = npmStart({ NODE_ENV: 'production' });
  const [code] = await once(child, 'exit');
  expect(code).toBe(1);
  expect(output()).toContain('clients-graph is not built and TypeScript (a dev dependency) is not installed');
  expect(output()).not.toMatch(/^\s+at /m);
  expect(output()).not.toContain('Cannot find module');
}, 30_000);

/** `npm run build`, into the copy (this checkout has the compiler; the copy does not). Once. */
let built: Promise<unknown> | undefined;
const build = () => (built ??= run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.', '--outDir', join(app, 'dist')], { env: { ...process.env, NODE_OPTIONS: '' } }));

test('built, then without dev dependencies, NODE_ENV=production npm start serves', async () => {
  await build();
  const { child, output } = npmStart({
    NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1',
    FATORA_API_URL: simulators.settings.fatora.baseUrl, FATORA_API_TOKEN: FATORA_SIMULATOR_TOKEN,
  });
  await until(() => {
    if (child.exitCode !== null) throw new Error(`the service exited: ${output()}`);
    return /serving (http:[^\s"]+)/.test(output());
  });
  const url = /serving (http:[^\s"]+)/.exec(output())![1]!;
  expect((await postGraphQL(url, '{ client(id: "fatora:1024") { name } }')).body).toEqual({ data: { client: { name: 'Client Name' } } });
  const exited = once(child, 'exit');
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
}, 180_000);

describe('what the installed process says', () => {
  test('every bad setting at once, each on its own line, each message whole; exit 1', async () => {
    await build();
    const failed = await run(process.execPath, ['dist/src/main.js'], {
      cwd: app, env: { ...baseEnv(), PORT: 'eighty', LOG_LEVEL: 'loud', DAFTRA_API_TOKEN: 't', CORS_ORIGINS: 'example.com' },
    }).then(() => null, (error: { code: number; stdout: string; stderr: string }) => error);
    expect(failed && [failed.code, failed.stdout, failed.stderr.split('\n')]).toEqual([1, '', [
      'Configuration error: DAFTRA_SUBDOMAIN must be set when a Daftra credential (DAFTRA_API_TOKEN or DAFTRA_API_KEY) is: '
        + 'your account\'s subdomain, for https://{subdomain}.daftra.com/api2 (or set DAFTRA_API_URL to your account\'s full API URL)',
      'Configuration error: PORT must be a whole number from 0 to 65535, not "eighty"',
      'Configuration error: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "loud"',
      'Configuration error: CORS_ORIGINS holds "example.com", which is not an origin: write scheme://host[:port] (no path, no trailing slash), e.g. http://localhost:3000, or * for any',
      '',
    ]]);
  }, 180_000);

  test('at a terminal (and not in production), log lines are pretty: local times, colour, each URL on its own line', async () => {
    await build();
    // A real terminal: util-linux's script(1) runs the service on a pseudo-terminal.
    let output = '';
    const child = spawn('script', ['-qfec', `${process.execPath} dist/src/main.js`, '/dev/null'], {
      cwd: app, env: { ...baseEnv(), PORT: '0', TERM: 'xterm' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    });
    children.push(child);
    child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    await until(() => {
      if (child.exitCode !== null) throw new Error(`the service exited: ${output}`);
      return /Apollo Sandbox.*http:\S+\/graphql/.test(output);
    });
    const exited = once(child, 'exit');
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
    const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
    expect(output).toMatch(/\x1b\[3[0-9]m/); // colour
    expect(plain).not.toContain('{"level"');
    // The local time of day, to the millisecond.
    expect(plain).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: clients-graph serving http:\/\/127\.0\.0\.1:\d+\/graphql\r?$/m);
    expect(plain).toMatch(/^\[[\d:.]+\] INFO: GraphiQL \(served by this service, works offline\): http:\/\/127\.0\.0\.1:\d+\/graphiql\r?$/m);
  }, 180_000);
});

test('with OTEL settings (production dependencies only), a request\'s spans are sent by the time SIGTERM has stopped the process, which exits 0', async () => {
  await build();
  const bodies: string[] = [];
  const receiver = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    req.on('end', () => { bodies.push(body); res.writeHead(200, { 'content-type': 'application/json' }).end('{}'); });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { child, url, output } = await spawnBuiltService({
    ...baseEnv(), NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1',
    FATORA_API_URL: simulators.settings.fatora.baseUrl, FATORA_API_TOKEN: FATORA_SIMULATOR_TOKEN,
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  }, children, app);
  await postGraphQL(url, 'query One { client(id: "fatora:1024") { name } }', undefined, { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = await exited;
  receiver.close();
  expect(code).toBe(0);
  expect(output()).toContain('"msg":"stopped"');
  const names = bodies.flatMap((body) => (JSON.parse(body) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ name: string; traceId: string }> }> }> })
    .resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans.map((span) => `${span.traceId} ${span.name}`))));
  expect(names.sort()).toEqual([
    '4bf92f3577b34da6a3ce929d0e0e4736 GET clients/:id',
    '4bf92f3577b34da6a3ce929d0e0e4736 dataloader batch',
    '4bf92f3577b34da6a3ce929d0e0e4736 query One',
  ]);
}, 180_000);
