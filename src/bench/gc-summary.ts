/**
 * What V8's garbage collector did over one span, summed from the statistics node:v8's
 * GCProfiler records at each collection. The figure that matters most is how much of the young
 * generation survives its scavenges: a scavenge costs in proportion to what it copies, so two
 * builds that allocate the same per request can pay very different GC times.
 */

/** The part of one GCProfiler entry this reads (see node:v8 GCProfiler). */
export interface GcStatistic {
  /** 'Scavenge', 'MinorMarkSweep', 'MarkSweepCompact', 'IncrementalMarking', 'ProcessWeakCallbacks'. */
  gcType: string;
  /** Time spent, in µs. */
  cost: number;
  beforeGC: HeapAt;
  afterGC: HeapAt;
}

interface HeapAt {
  heapStatistics: { usedHeapSize: number };
  heapSpaceStatistics: { spaceName: string; spaceUsedSize: number }[];
}

export interface GcSummary {
  /** Young-generation collections, and their time in µs. */
  minorGcs: number;
  minorUs: number;
  /** Bytes the young generation held as they began, and how many of those they kept (copied or promoted). */
  youngBytes: number;
  survivedBytes: number;
  /** Full collections (mark-compact), and the time of all old-generation work in µs (incremental steps included). */
  majorGcs: number;
  majorUs: number;
}

const YOUNG_SPACES = new Set(['new_space', 'new_large_object_space']);
const MINOR = new Set(['Scavenge', 'MinorMarkSweep']);

export function summariseGc(statistics: readonly GcStatistic[]): GcSummary {
  const summary: GcSummary = { minorGcs: 0, minorUs: 0, youngBytes: 0, survivedBytes: 0, majorGcs: 0, majorUs: 0 };
  for (const entry of statistics) {
    if (MINOR.has(entry.gcType)) {
      const young = entry.beforeGC.heapSpaceStatistics
        .filter((space) => YOUNG_SPACES.has(space.spaceName))
        .reduce((sum, space) => sum + space.spaceUsedSize, 0);
      // A minor collection frees only young objects: what it did not free, it kept.
      const freed = entry.beforeGC.heapStatistics.usedHeapSize - entry.afterGC.heapStatistics.usedHeapSize;
      summary.minorGcs += 1;
      summary.minorUs += entry.cost;
      summary.youngBytes += young;
      summary.survivedBytes += Math.min(young, Math.max(0, young - freed));
    } else {
      if (entry.gcType === 'MarkSweepCompact') summary.majorGcs += 1;
      summary.majorUs += entry.cost;
    }
  }
  return summary;
}
