import { Session } from 'node:inspector';
import { GCProfiler } from 'node:v8';
import { summariseGc, type GcProfile } from './gc-summary.js';
import { printJsonLine } from './parent-watch.js';

/**
 * For the measured processes (the service and the plain build): bytes allocated over a span
 * the orchestrator marks, by V8's sampling heap profiler with collected objects kept in the
 * count, so the sum is what was allocated, not what survived. Messages on the IPC channel:
 * `{ allocation: 'start' }` starts it, `{ allocation: 'stop' }` stops it and prints
 * `{ allocatedBytes, gc }` (a sampled estimate, good to a few %; `gc`: what the garbage
 * collector did over the same span, gc-summary.ts, null on a Node whose profile it cannot read). The sampling costs CPU, so the
 * orchestrator runs it apart from the timed runs.
 */

/** Length of each allocation run, in s (BENCH_DURATION_S when that is shorter). */
export const ALLOCATION_RUN_S = 5;

/** One sample per this many bytes allocated on average: a few per request. */
const SAMPLING_INTERVAL_BYTES = 16 * 1024;

interface ProfileNode {
  selfSize: number;
  children: ProfileNode[];
}

export function answerAllocationRequests(): void {
  if (!process.send) return;
  const session = new Session();
  session.connect();
  let gcProfiler: GCProfiler | null = null;
  process.on('message', (message: { allocation?: string } | null) => {
    if (message?.allocation === 'start') {
      gcProfiler = new GCProfiler();
      gcProfiler.start();
      session.post('HeapProfiler.startSampling', {
        samplingInterval: SAMPLING_INTERVAL_BYTES,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      } as never, (error) => { if (error) printJsonLine({ error: `allocation sampling: ${error.message}` }); });
    } else if (message?.allocation === 'stop') {
      const gc = summariseGc(gcProfiler?.stop() as GcProfile | undefined);
      gcProfiler = null;
      session.post('HeapProfiler.stopSampling', (error, result) => {
        if (error) printJsonLine({ error: `allocation sampling: ${error.message}` });
        else printJsonLine({ allocatedBytes: total(result.profile.head as ProfileNode), gc });
      });
    }
  });
  // The listener must not keep a finished process alive (see exitWithParent).
  process.channel?.unref();
}

function total(node: ProfileNode): number {
  let sum = node.selfSize;
  for (const child of node.children) sum += total(child);
  return sum;
}
