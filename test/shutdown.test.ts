import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { startSimulators, type Simulators } from '../src/providers/simulators.js';
import { FATORA_SIMULATOR_TOKEN } from '../src/providers/fatora/simulator.js';
import { gate } from '../src/providers/simulator-kit.js';
import { spawnBuiltService, type BuiltService } from './helpers/built-service.js';
import { postGraphQL, until } from './helpers/service.js';

// The real process (`node dist/src/main.js`, as `npm start` runs it), built first, so the
// SIGTERM handling of main.ts itself is what is tested.
let simulators: Simulators;
const children: ChildProcess[] = [];

beforeAll(async () => {
  await build();
  simulators = await startSimulators();
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await simulators.close();
});

beforeEach(() => simulators.byProvider.fatora.reset());

/** The build step of `npm start`: tsc unless the tree is what dist/ was built from. */
function build() {
  return promisify(execFile)(process.execPath, ['src/tools/build-if-changed.mjs'], { env: { ...process.env, NODE_OPTIONS: '' } });
}

test('npm start does not rebuild an unchanged tree', async () => {
  const before = statSync('dist/src/main.js').mtimeMs;
  const { stdout, stderr } = await build();
  expect([stdout, stderr]).toEqual(['', '']);
  expect(statSync('dist/src/main.js').mtimeMs).toBe(before);
  expect(readFileSync('package.json', 'utf8')).toContain('"start": "node src/tools/build-if-changed.mjs && ');
});

/** Starts the built service on the simulators and waits for its "serving" line. */
function start(env: Record<string, string> = {}): Promise<BuiltService> {
  return spawnBuiltService({
    PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', SHUTDOWN_GRACE_MS: '5000',
    FATORA_API_URL: simulators.settings.fatora.baseUrl, FATORA_API_TOKEN: FATORA_SIMULATOR_TOKEN, ...env,
  }, children);
}

test('SIGTERM lets the in-flight request finish, refuses new ones, then exits 0', async () => {
  const { child, url, output } = await start();
  // The upstream answer is held until the service has stopped accepting.
  const held = gate();
  simulators.byProvider.fatora.inject({ method: 'GET', hold: held.promise });
  const inFlight = postGraphQL(url, '{ client(id: "fatora:1024") { name } }');
  await until(() => simulators.byProvider.fatora.calls.length === 1);
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await until(() => fetch(url.replace('/graphql', '/healthz')).then(() => false, () => true));
  held.open();
  expect((await inFlight).body).toEqual({ data: { client: { name: 'Client Name' } } });
  const [code] = await exited;
  expect(code).toBe(0);
  expect(output()).toContain('"msg":"stopped"');
}, 30_000);

test('shutdown completes when stdout\'s reader is gone (the log sink fails, it never blocks)', async () => {
  const { child, url } = await start({ SHUTDOWN_GRACE_MS: '1000' });
  // The process reading the service's stdout ends: every later log write fails (EPIPE).
  child.stdout!.destroy();
  for (let i = 0; i < 20; i += 1) await postGraphQL(url, '{ client(id: "fatora:1024") { name } }');
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code, signal] = await exited;
  // It left by itself (not killed), well before the test's own timeout.
  expect(signal).toBeNull();
  expect([0, 1]).toContain(code);
}, 30_000);

test('shutdown completes within grace + 5 s when stdout\'s reader is gone before any shutdown line (no request made)', async () => {
  const { child } = await start({ SHUTDOWN_GRACE_MS: '1000' });
  // The reader ends while the service is idle: the first line that fails is "shutting down",
  // still being written when the process would exit.
  child.stdout!.destroy();
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  // The promise is 1 s + 5 s; past twice that the process is hung (it was, for ever).
  const hung = new Promise<'hung'>((resolve) => { setTimeout(() => resolve('hung'), 12_000).unref(); });
  const outcome = await Promise.race([exited, hung]);
  expect(outcome).not.toBe('hung');
  const [code, signal] = outcome as [number | null, NodeJS.Signals | null];
  expect(signal).toBeNull();
  expect([0, 1]).toContain(code);
}, 30_000);

test('one shutdown path: SHUTDOWN_GRACE_MS=30000 lets a request still running after 11 s finish, then exits 0', async () => {
  // Upstream attempts may outlast the hold.
  const { child, url, output } = await start({ SHUTDOWN_GRACE_MS: '30000', UPSTREAM_TIMEOUT_MS: '30000' });
  const held = gate();
  simulators.byProvider.fatora.inject({ method: 'GET', hold: held.promise });
  let settled = false;
  const inFlight = postGraphQL(url, '{ client(id: "fatora:1024") { name } }').finally(() => { settled = true; });
  await until(() => simulators.byProvider.fatora.calls.length === 1);
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  // Apollo's own signal handler and Fastify drain plugin cut every connection at a fixed 10 s
  // and re-sent SIGTERM, whatever SHUTDOWN_GRACE_MS said.
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  expect([settled, child.exitCode, child.signalCode]).toEqual([false, null, null]);
  held.open();
  expect((await inFlight).body).toEqual({ data: { client: { name: 'Client Name' } } });
  const [code] = await exited;
  expect(code).toBe(0);
  expect(output()).toContain('"msg":"stopped"');
}, 40_000);

test('a request still running at the end of the grace period is cut and logged, and the process exits', async () => {
  // An upstream answer that never comes and a request that waits for it.
  const { child, url, output } = await start({ SHUTDOWN_GRACE_MS: '200' });
  simulators.byProvider.fatora.inject({ method: 'GET', hold: new Promise(() => {}) });
  const inFlight = postGraphQL(url, '{ client(id: "fatora:1024") { name } }').catch((error: Error) => error);
  await until(() => simulators.byProvider.fatora.calls.length === 1);
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = await exited;
  expect(((await inFlight) as Error).message).toBe('fetch failed');
  expect(output()).toContain('"errorCodes":["CUT_AT_SHUTDOWN"]');
  expect(code).toBe(0);
}, 30_000);

test('a stalled stdout reader never holds the exit: past the grace period and its margin the process exits non-zero', async () => {
  const { child, url } = await start({ SHUTDOWN_GRACE_MS: '200' });
  // The reader stops reading: once the pipe is full (64 KiB), every log write waits.
  child.stdout!.pause();
  const line = '{ client(id: "fatora:1024") { name } }';
  for (let i = 0; i < 600; i += 1) await postGraphQL(url, line);
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code, signal] = await exited;
  expect([code, signal]).toEqual([1, null]);
}, 30_000);

test('a port in use: one line "port N is in use; set PORT", exit 1', async () => {
  const first = await start();
  const port = new URL(first.url).port;
  let output = '';
  const second = spawn(process.execPath, ['dist/src/main.js'], { env: { PATH: process.env.PATH, PORT: port, HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(second);
  second.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const [code] = await once(second, 'exit');
  expect(code).toBe(1);
  expect(output).toBe(`port ${port} is in use; set PORT\n`);
  first.child.kill('SIGTERM');
  await once(first.child, 'exit');
}, 30_000);
