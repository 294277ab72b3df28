import pino from 'pino';
import { InFlightReads } from '../src/clients/in-flight.js';
import { RequestLoaders } from '../src/clients/loaders.js';
import type { RequestScope } from '../src/clients/scope.js';
import { gate } from '../src/providers/simulator-kit.js';

/**
 * The list and search calls of one request go to a provider at most `concurrency` at a time
 * (UPSTREAM_CONCURRENCY, as for its reads); the rest wait for a slot, in order. In process:
 * whether a queued call has started is known exactly once every pending step has run.
 */

const scope: RequestScope = { requestId: 'slots', overrides: {}, log: pino({ level: 'silent' }), upstreamCalls: 0 };
/** Every promise step queued so far has run. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

test('with a concurrency of 2, a provider\'s third list call starts only once one of the first two ends; another provider\'s does not wait', async () => {
  const loaders = new RequestLoaders(new Map(), 2, scope, new InFlightReads(), () => {});
  const started: string[] = [];
  const gates = { a: gate(), b: gate(), c: gate(), d: gate() };
  const call = (name: keyof typeof gates) => () => {
    started.push(name);
    return gates[name].promise.then(() => name);
  };
  const a = loaders.listing('fatora', call('a'));
  const b = loaders.listing('fatora', call('b'));
  const c = loaders.listing('fatora', call('c'));
  const d = loaders.listing('daftra', call('d'));
  await settled();
  expect(started).toEqual(['a', 'b', 'd']);
  gates.b.open();
  await expect(b).resolves.toBe('b');
  await settled();
  expect(started).toEqual(['a', 'b', 'd', 'c']);
  gates.a.open();
  gates.c.open();
  gates.d.open();
  await expect(Promise.all([a, c, d])).resolves.toEqual(['a', 'c', 'd']);
});
