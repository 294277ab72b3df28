/**
 * What V8's garbage collector did over one span, summed from the records node:v8's GCProfiler
 * makes at each collection. The figure that matters most is how much of the young generation
 * survives its scavenges: a scavenge costs in proportion to what it copies, so two builds that
 * allocate the same per request can pay very different GC times. The times are the main
 * thread's pauses as GCProfiler sees them (work on V8's helper threads and concurrent marking
 * are not in them).
 */

/** What GCProfiler's stop() returns, the part this reads. */
export interface GcProfile {
  /** 1 on Node 20 to 24: `cost` in µs. */
  version: number;
  statistics: GcStatistic[];
}

/** One GCProfiler record. */
export interface GcStatistic {
  /** Node names: 'Scavenge', 'MarkSweepCompact', 'IncrementalMarking', 'ProcessWeakCallbacks', else 'Unknown'. */
  gcType: string;
  /** Time spent, in µs (profile version 1). */
  cost: number;
  beforeGC: HeapAt;
  afterGC: HeapAt;
}

interface HeapAt {
  heapStatistics: { usedHeapSize: number };
  heapSpaceStatistics: { spaceName: string; spaceUsedSize: number }[];
}

export interface GcSummary {
  /** Scavenges, and their time in µs. */
  minorGcs: number;
  minorUs: number;
  /** Bytes the young generation held as they began, and how many of those they kept (copied or promoted). */
  youngBytes: number;
  survivedBytes: number;
  /** Full collections (mark-compact), and the time in µs of those and of starting incremental marking. */
  majorGcs: number;
  majorUs: number;
  /** µs in weak-handle callbacks (after either kind) and in collections Node does not name. */
  otherUs: number;
}

/** The profile versions whose `cost` is in µs, the only ones read. */
const KNOWN_VERSION = 1;
const YOUNG_SPACES = new Set(['new_space', 'new_large_object_space']);
const MAJOR = new Set(['MarkSweepCompact', 'IncrementalMarking']);

/** null for a profile of a version this does not know (its units may differ). */
export function summariseGc(profile: GcProfile | undefined): GcSummary | null {
  if (profile?.version !== KNOWN_VERSION) return null;
  const summary: GcSummary = { minorGcs: 0, minorUs: 0, youngBytes: 0, survivedBytes: 0, majorGcs: 0, majorUs: 0, otherUs: 0 };
  for (const entry of profile.statistics) {
    if (entry.gcType === 'Scavenge') {
      const young = entry.beforeGC.heapSpaceStatistics
        .filter((space) => YOUNG_SPACES.has(space.spaceName))
        .reduce((sum, space) => sum + space.spaceUsedSize, 0);
      // A scavenge frees only young objects: what it did not free, it kept.
      const freed = entry.beforeGC.heapStatistics.usedHeapSize - entry.afterGC.heapStatistics.usedHeapSize;
      summary.minorGcs += 1;
      summary.minorUs += entry.cost;
      summary.youngBytes += young;
      summary.survivedBytes += Math.min(young, Math.max(0, young - freed));
    } else if (MAJOR.has(entry.gcType)) {
      if (entry.gcType === 'MarkSweepCompact') summary.majorGcs += 1;
      summary.majorUs += entry.cost;
    } else {
      summary.otherUs += entry.cost;
    }
  }
  return summary;
}
