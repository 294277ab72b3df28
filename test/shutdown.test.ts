import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { startSimulators, type Simulators } from '../src/providers/simulators.js';
import { FATORA_SIMULATOR_TOKEN } from '../src/providers/fatora/simulator.js';
import { postGraphQL } from './helpers/service.js';

// The real process (`node dist/src/main.js`, as `npm start` runs it), built first, so the
// SIGTERM handling of main.ts itself is what is tested.
let simulators: Simulators;
let child: ChildProcess;
let output = '';

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], { env: { ...process.env, NODE_OPTIONS: '' } });
  simulators = await startSimulators();
  simulators.byProvider.fatora.latencyMs = 1500;
  child = spawn(process.execPath, ['dist/src/main.js'], {
    env: {
      PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', SHUTDOWN_GRACE_MS: '5000',
      FATORA_API_URL: simulators.settings.fatora.baseUrl, FATORA_API_TOKEN: FATORA_SIMULATOR_TOKEN,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  while (!/serving (http:[^\s"]+)/.test(output)) {
    if (child.exitCode !== null) throw new Error(`the service exited: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}, 60_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await simulators.close();
});

test('SIGTERM lets the in-flight request finish, refuses new ones, then exits 0', async () => {
  const url = /serving (http:[^\s"]+)/.exec(output)![1]!;
  const inFlight = postGraphQL(url, '{ client(id: "fatora:1024") { name } }');
  await new Promise((resolve) => setTimeout(resolve, 300));
  const exited = once(child, 'exit');
  const signalled = Date.now();
  child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 200));
  await expect(fetch(url.replace('/graphql', '/healthz'))).rejects.toThrow();
  expect((await inFlight).body).toEqual({ data: { client: { name: 'Client Name' } } });
  const [code] = await exited;
  expect(code).toBe(0);
  // It left as soon as the request was done, not at the end of the 5 s grace period.
  expect(Date.now() - signalled).toBeLessThan(4000);
  expect(output).toContain('"msg":"stopped"');
}, 30_000);
