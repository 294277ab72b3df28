import { UpdateBusyError } from '../src/clients/errors.js';
import { MemoryUpdateLock } from '../src/state/memory-lock.js';

/** The in-memory update lock (one replica): holders one at a time, in arrival order. */

test('holders of one key follow each other in arrival order; other keys do not wait', async () => {
  const lock = new MemoryUpdateLock();
  const order: string[] = [];
  const first = await lock.acquire('a', 60_000);
  const second = lock.acquire('a', 60_000).then((release) => { order.push('second'); return release; });
  const third = lock.acquire('a', 60_000).then((release) => { order.push('third'); return release; });
  const other = await lock.acquire('b', 60_000);
  order.push('other key');
  await other();
  order.push('first releases');
  await first();
  await (await second)();
  await (await third)();
  expect(order).toEqual(['other key', 'first releases', 'second', 'third']);
});

test('a waiter gives up after its ttl with CLIENT_BUSY, and the queue goes on past it', async () => {
  const lock = new MemoryUpdateLock();
  const holder = await lock.acquire('k', 60_000);
  await expect(lock.acquire('k', 1)).rejects.toBeInstanceOf(UpdateBusyError);
  const next = lock.acquire('k', 60_000);
  await holder();
  await (await next)();
});
