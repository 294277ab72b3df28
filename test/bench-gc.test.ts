import { GCProfiler } from 'node:v8';
import { summariseGc, type GcStatistic } from '../src/bench/gc-summary.js';
import { gcPerRequest, gcText } from '../src/bench/report.js';

// The bench's garbage-collection figures: what V8's collections cost per request and how much
// of the young generation they kept, summed from node:v8's GCProfiler statistics.

const MB = 1024 * 1024;

/** One GCProfiler entry: `young` bytes in the young spaces before, `used` heap before → after. */
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

describe('bench: garbage collection summary', () => {
  test.each([
    ['nothing collected', [], { minorGcs: 0, minorUs: 0, youngBytes: 0, survivedBytes: 0, majorGcs: 0, majorUs: 0 }],
    // 16 MB young, heap 40 → 26 MB: 14 MB freed, 2 MB kept.
    ['one scavenge', [entry('Scavenge', 7000, 16 * MB, 40 * MB, 26 * MB)],
      { minorGcs: 1, minorUs: 7000, youngBytes: 16 * MB, survivedBytes: 2 * MB, majorGcs: 0, majorUs: 0 }],
    // Young large objects count as young; nothing freed means all of it was kept.
    ['nothing freed', [entry('Scavenge', 900, 3 * MB, 20 * MB, 20 * MB, 1 * MB)],
      { minorGcs: 1, minorUs: 900, youngBytes: 4 * MB, survivedBytes: 4 * MB, majorGcs: 0, majorUs: 0 }],
    // A heap that grew (external allocation during the pause) still kept at most what was young.
    ['heap grew', [entry('Scavenge', 500, 2 * MB, 10 * MB, 11 * MB)],
      { minorGcs: 1, minorUs: 500, youngBytes: 2 * MB, survivedBytes: 2 * MB, majorGcs: 0, majorUs: 0 }],
    ['minor mark-sweep is minor too', [entry('MinorMarkSweep', 300, 8 * MB, 30 * MB, 23 * MB)],
      { minorGcs: 1, minorUs: 300, youngBytes: 8 * MB, survivedBytes: 1 * MB, majorGcs: 0, majorUs: 0 }],
    // Incremental marking steps are old-generation work, but only the mark-compact counts as a collection.
    ['old generation', [entry('IncrementalMarking', 2000, 0, 90 * MB, 90 * MB), entry('MarkSweepCompact', 12000, 1 * MB, 90 * MB, 30 * MB),
      entry('Scavenge', 4000, 10 * MB, 40 * MB, 35 * MB)],
    { minorGcs: 1, minorUs: 4000, youngBytes: 10 * MB, survivedBytes: 5 * MB, majorGcs: 1, majorUs: 14000 }],
  ])('%s', (_name, statistics, expected) => {
    expect(summariseGc(statistics)).toEqual(expected);
  });

  test('per request, and as the report prints it', () => {
    const figures = gcPerRequest({ minorGcs: 3, minorUs: 41_000, youngBytes: 48 * MB, survivedBytes: 12 * MB, majorGcs: 1, majorUs: 6_000 }, 1000);
    expect(figures).toEqual({ minorUsPerRequest: 41, majorUsPerRequest: 6, youngKept: 0.25 });
    expect(gcText(figures)).toBe('GC 47 µs/request (scavenges 41, full 6), 25% of the young generation kept');
    expect(gcPerRequest({ minorGcs: 0, minorUs: 0, youngBytes: 0, survivedBytes: 0, majorGcs: 0, majorUs: 0 }, 10).youngKept).toBe(0);
    expect(gcText(null)).toBe('GC —');
  });

  // On V8's own statistics: a run that keeps every object it makes keeps nearly all of its
  // young generation; the same run dropping each object at once keeps far less (what stays is
  // the test's own live set). Counts of bytes, not times: nothing here depends on the machine's speed.
  test('real collections: objects kept survive, objects dropped do not', () => {
    const share = (keepAll: boolean) => {
      const kept: object[] = [];
      const profiler = new GCProfiler();
      profiler.start();
      for (let i = 0; i < 1_000_000; i++) {
        const made = { i, text: `${'x'.repeat(100)} ${i}` };
        if (keepAll) kept.push(made);
      }
      const summary = summariseGc((profiler.stop()?.statistics ?? []) as GcStatistic[]);
      expect(summary.minorGcs).toBeGreaterThan(0);
      expect(kept.length).toBe(keepAll ? 1_000_000 : 0);
      return summary.survivedBytes / summary.youngBytes;
    };
    const dropped = share(false);
    const keptAll = share(true);
    expect(keptAll).toBeGreaterThan(0.7);
    expect(dropped).toBeLessThan(keptAll / 2);
  });
});
