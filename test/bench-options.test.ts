import { parseOptions } from '../src/bench/options.js';

// The bench's flags: which scenarios run again on the read-cache service and on the tracing
// service (default: the ones of them that run; "none"; never scenario 1, which has no service).

describe('bench options: --read-cache and --tracing', () => {
  test.each([
    [[], ['2b', '4'], ['2b']],
    [['--only', '2,2c'], [], []],
    [['--only', '2,2b,5'], ['2b'], ['2b']],
    [['--tracing', '5,2b'], ['2b', '4'], ['2b', '5']],
    [['--tracing=none'], ['2b', '4'], []],
    [['--only', '2', '--tracing', '2c', '--read-cache', 'none'], [], ['2c']],
  ])('%j → read cache %j, tracing %j', (argv, readCache, tracing) => {
    const options = parseOptions(argv, {});
    expect(options.readCache).toEqual(readCache);
    expect(options.tracing).toEqual(tracing);
  });

  test.each([
    [['--tracing', '1'], '--tracing takes scenarios from 2, 2b, 2c, 3, 4, 5, 6, or none, not "1"'],
    [['--tracing', '2d'], '--tracing takes scenarios from 2, 2b, 2c, 3, 4, 5, 6, or none, not "2d"'],
    [['--read-cache', ','], '--read-cache takes scenarios from 2, 2b, 2c, 3, 4, 5, 6, or none, not ","'],
    [['--tracing'], '--tracing needs a value'],
  ])('%j is refused', (argv, message) => {
    expect(() => parseOptions(argv, {})).toThrow(message);
  });
});
