import { Teardown, TeardownError } from '../src/server/teardown.js';

/** A teardown of the given steps (true: it fails), and the order its steps ran in. */
function teardownOf(steps: [string, boolean][]) {
  const ran: string[] = [];
  const teardown = new Teardown();
  for (const [what, fails] of steps) {
    teardown.started(what, async () => {
      ran.push(what);
      if (fails) throw new Error(`${what} failed`);
    });
  }
  return { teardown, ran };
}

describe('the server teardown', () => {
  test.each<[string, [string, boolean][], string[], string | null]>([
    ['stops the last started first', [['log', false], ['state', false], ['providers', false], ['apollo', false], ['http', false]],
      ['http', 'apollo', 'providers', 'state', 'log'], null],
    ['runs every step past a failing one and throws the first failure, naming its step',
      [['log', false], ['state', true], ['apollo', false], ['http', true]], ['http', 'apollo', 'state', 'log'], 'http'],
    ['with nothing started does nothing', [], [], null],
  ])('%s', async (_name, steps, order, failure) => {
    const { teardown, ran } = teardownOf(steps);
    if (failure) {
      const error = await teardown.run().then(() => null, (thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(TeardownError);
      expect(error).toMatchObject({ step: failure, message: `stopping ${failure} failed: ${failure} failed`, cause: new Error(`${failure} failed`) });
    } else await expect(teardown.run()).resolves.toBeUndefined();
    expect(ran).toEqual(order);
  });

  test('stops each thing once: a second run (close after a failed boot) stops nothing again', async () => {
    const { teardown, ran } = teardownOf([['state', false], ['http', false]]);
    await teardown.run();
    await teardown.run();
    expect(ran).toEqual(['http', 'state']);
  });
});
