import dns from 'node:dns';
import { connect, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { Provider } from '../src/providers/index.js';
import { startService, type TestService } from './helpers/service.js';

/**
 * A provider host with two addresses, neither of which takes a connection: the first never
 * answers (a listener whose accept queue is full), the second refuses. Node 20, 22 and 24 try
 * them in turn (network-family autoselection) and fail with an AggregateError whose own code
 * is the first attempt's, ETIMEDOUT, the refusal only inside it; got wraps that once more. No
 * byte of the request left, so this is a refused connection, as on a single address: a
 * create's key stays free (no outcome UNKNOWN). Reading only the outermost code calls it a
 * connection failure that may have written. (A host resolving to one refusing address, as
 * localhost does on most machines, gives a plain ECONNREFUSED on every version; the unit table
 * in test/retry-policy.test.ts covers the other shapes.)
 *
 * Only the test resolves the made-up host name, by replacing dns.lookup in this process (the
 * service runs in it); the service's code is as in production.
 */

const HOST = 'two-addresses.invalid';
const SILENT = '127.0.0.2';

let service: TestService;
let worker: Worker;
let wake: Int32Array;
const fillers: Socket[] = [];
const realLookup = dns.lookup;

beforeAll(async () => {
  // The silent address: a listener on a thread that stops its event loop, so it accepts no
  // connection; once its queue is full, connection attempts get no answer at all.
  wake = new Int32Array(new SharedArrayBuffer(4));
  worker = new Worker(`
    const { parentPort, workerData } = require('node:worker_threads');
    const server = require('node:net').createServer();
    server.listen({ port: 0, host: '${SILENT}', backlog: 1 }, () => {
      parentPort.postMessage(server.address().port);
      Atomics.wait(workerData, 0, 0, 120000);
      server.close();
    });
  `, { eval: true, workerData: wake });
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  // Fills the queue (backlog 1 holds two): should it not be full, the service's call gets a
  // connection, never an answer, and the test fails on UPSTREAM_TIMEOUT, never passes.
  for (let i = 0; i < 2; i++) {
    const socket = connect(port, SILENT);
    fillers.push(socket);
    await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  }
  // The made-up host: the silent address first, then 127.0.0.1, where nothing listens on that port.
  const addresses = [{ address: SILENT, family: 4 }, { address: '127.0.0.1', family: 4 }];
  (dns as { lookup: unknown }).lookup = function lookup(host: string, options: unknown, callback?: unknown) {
    if (host !== HOST) return (realLookup as (...args: unknown[]) => void).apply(dns, [...arguments]);
    const done = (typeof options === 'function' ? options : callback) as (...args: unknown[]) => void;
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
    if (all) process.nextTick(done, null, addresses);
    else process.nextTick(done, null, addresses[0]!.address, addresses[0]!.family);
  };
  service = await startService({
    env: { UPSTREAM_RETRIES: '0', UPSTREAM_TIMEOUT_MS: '10000' },
    providers: { [Provider.FATORA]: { baseUrl: `http://${HOST}:${port}/v1`, headers: { authorization: 'Bearer any-token-123' } } },
  });
});

afterAll(async () => {
  (dns as { lookup: unknown }).lookup = realLookup;
  await service?.close();
  for (const socket of fillers) socket.destroy();
  Atomics.store(wake, 0, 1);
  Atomics.notify(wake, 0);
  await worker.terminate();
});

const CREATE = `mutation ($key: String) {
  createClient(input: { provider: FATORA, name: "Nowhere Ltd" }, idempotencyKey: $key) { client { id } }
}`;

test('a create to a host whose every address failed to connect is a refused connection: no outcome UNKNOWN, its key stays free', async () => {
  const refused = {
    data: { createClient: null },
    errors: [{
      message: 'Fatora could not be reached (ECONNREFUSED)', path: ['createClient'], locations: expect.any(Array),
      extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'fatora' },
    }],
  };
  expect((await service.gql(CREATE, { key: 'every-address' })).body).toEqual(refused);
  // The retry under the key is tried again (and refused again), not OUTCOME_UNKNOWN.
  expect((await service.gql(CREATE, { key: 'every-address' })).body).toEqual(refused);
});
