import { GCProfiler } from 'node:v8';
import { summariseGc, type GcProfile, type GcStatistic, type GcSummary } from '../src/bench/gc-summary.js';
import { gcPerRequest, gcText } from '../src/bench/report.js';

// The bench's garbage-collection figures: what V8's collections cost per request and how much
// of the young generation they kept, summed from node:v8's GCProfiler records.

const MB = 1024 * 1024;

/** One GCProfiler record: `young` bytes in the young spaces before, `used` heap before → after. */
function entry(gcType: string, cost: number, young: number, usedBefore: number, usedAfter: number, youngLarge = 0): GcStatistic {
  return {
    gcType,
    cost,
    beforeGC: {
      heapStatistics: { usedHeapSize: usedBefore },
      heapSpaceStatistics: [
        { spaceName: 'new_space', spaceUsedSize: young },
        { spaceName: 'old_space', spaceUsedSize: usedBefore - young - youngLarge },
        { spaceName: 'new_large_object_space', spaceUsedSize: youngLarge },
      ],
    },
    afterGC: { heapStatistics: { usedHeapSize: usedAfter }, heapSpaceStatistics: [] },
  };
}

const profile = (statistics: GcStatistic[]): GcProfile => ({ version: 1, statistics });
const NONE: GcSummary = { minorGcs: 0, minorUs: 0, youngBytes: 0, survivedBytes: 0, majorGcs: 0, majorUs: 0, otherUs: 0 };

describe('bench: garbage collection summary', () => {
  test.each([
    ['nothing collected', [], NONE],
    // 16 MB young, heap 40 → 26 MB: 14 MB freed, 2 MB kept.
    ['one scavenge', [entry('Scavenge', 7000, 16 * MB, 40 * MB, 26 * MB)],
      { ...NONE, minorGcs: 1, minorUs: 7000, youngBytes: 16 * MB, survivedBytes: 2 * MB }],
    // Young large objects count as young; nothing freed means all of it was kept.
    ['nothing freed', [entry('Scavenge', 900, 3 * MB, 20 * MB, 20 * MB, 1 * MB)],
      { ...NONE, minorGcs: 1, minorUs: 900, youngBytes: 4 * MB, survivedBytes: 4 * MB }],
    // A heap that grew during the pause (objects allocated as it ended) kept at most what was young.
    ['heap grew', [entry('Scavenge', 500, 2 * MB, 10 * MB, 11 * MB)],
      { ...NONE, minorGcs: 1, minorUs: 500, youngBytes: 2 * MB, survivedBytes: 2 * MB }],
    // Starting incremental marking is old-generation work, but only the mark-compact counts as a collection.
    ['old generation', [entry('IncrementalMarking', 2000, 0, 90 * MB, 90 * MB), entry('MarkSweepCompact', 12000, 1 * MB, 90 * MB, 30 * MB),
      entry('Scavenge', 4000, 10 * MB, 40 * MB, 35 * MB)],
    { ...NONE, minorGcs: 1, minorUs: 4000, youngBytes: 10 * MB, survivedBytes: 5 * MB, majorGcs: 1, majorUs: 14000 }],
    // Weak callbacks follow either kind, and a collection Node does not name (e.g. under
    // --minor-ms) is neither: both go to "other", never to the young generation's share.
    ['weak callbacks and unnamed', [entry('ProcessWeakCallbacks', 300, 0, 20 * MB, 20 * MB), entry('Unknown', 800, 8 * MB, 30 * MB, 23 * MB)],
      { ...NONE, otherUs: 1100 }],
  ])('%s', (_name, statistics, expected) => {
    expect(summariseGc(profile(statistics))).toEqual(expected);
  });

  test('a profile of another version (its units may differ) or none gives no figures', () => {
    expect(summariseGc({ version: 2, statistics: [entry('Scavenge', 7, 16 * MB, 40 * MB, 26 * MB)] })).toBeNull();
    expect(summariseGc(undefined)).toBeNull();
    expect(gcPerRequest(null, 100)).toBeNull();
  });

  test('per request, and as the report prints it', () => {
    const figures = gcPerRequest({ ...NONE, minorGcs: 3, minorUs: 41_400, youngBytes: 48 * MB, survivedBytes: 12 * MB, majorGcs: 1, majorUs: 6_400 }, 1000);
    expect(figures).toEqual({ minorUsPerRequest: 41.4, majorUsPerRequest: 6.4, otherUsPerRequest: 0, youngKept: 0.25 });
    // The total is the sum of the printed parts.
    expect(gcText(figures)).toBe('GC 47 µs/request (scavenges 41 µs, old generation 6 µs), 25% of the young generation kept');
    expect(gcText(gcPerRequest({ ...NONE, minorUs: 2_000, otherUs: 1_000 }, 100)))
      .toBe('GC 30 µs/request (scavenges 20 µs, old generation 0 µs, other 10 µs), 0% of the young generation kept');
    expect(gcText(null)).toBe('GC —');
  });

  // On V8's own records: a run that keeps every object it makes keeps nearly all of its young
  // generation; the same run dropping each object at once keeps far less (what stays is the
  // test's own live set). Bytes, not times: nothing here depends on the machine's speed.
  test('real collections: objects kept survive, objects dropped do not', () => {
    const share = (keepAll: boolean) => {
      const kept: object[] = [];
      const profiler = new GCProfiler();
      profiler.start();
      for (let i = 0; i < 500_000; i++) {
        const made = { i, text: `${'x'.repeat(100)} ${i}` };
        if (keepAll) kept.push(made);
      }
      const summary = summariseGc(profiler.stop() as GcProfile | undefined);
      expect(summary?.minorGcs).toBeGreaterThan(0);
      expect(kept.length).toBe(keepAll ? 500_000 : 0);
      return summary!.survivedBytes / summary!.youngBytes;
    };
    const dropped = share(false);
    const keptAll = share(true);
    expect(keptAll).toBeGreaterThan(0.7);
    expect(dropped).toBeLessThan(keptAll / 2);
  });
});
