import { readFile } from 'node:fs/promises';
import type { ProviderSettings } from '../clients/settings.js';
import { assertLoopback } from './loopback.js';

/** What the orchestrator reads around each run: simulator call counters and the service's memory. */

/** Sum of every simulator's `calls` counter (GET <origin>/__simulator/stats). */
export async function upstreamCalls(simulators: ProviderSettings[]): Promise<number> {
  const counts = await Promise.all(simulators.map(async (settings) => {
    const url = `${new URL(settings.baseUrl).origin}/__simulator/stats`;
    assertLoopback(url);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return ((await response.json()) as { calls: number }).calls;
  }));
  return counts.reduce((sum, n) => sum + n, 0);
}

/**
 * The call count once it stops moving. When autocannon stops, up to one request per connection
 * is still inside the service and still calling upstream; reading at once would miss those.
 */
export async function settledUpstreamCalls(simulators: ProviderSettings[], maxWaitMs = 5000): Promise<number> {
  const deadline = Date.now() + maxWaitMs;
  let last = await upstreamCalls(simulators);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    const now = await upstreamCalls(simulators);
    if (now === last || Date.now() > deadline) return now;
    last = now;
  }
}

/** VmRSS (resident now) and VmHWM (peak resident) of a process in bytes; null off Linux. */
export async function memoryOf(pid: number): Promise<{ rss: number; peakRss: number } | null> {
  let status: string;
  try {
    status = await readFile(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peakRss: kb('VmHWM') };
}

/**
 * CPU time a process has used so far (user + system), in ms; null off Linux. Per request it is
 * the figure that drifts least on a shared machine: throughput moves with whatever else runs,
 * CPU spent per request much less.
 */
export async function cpuMsOf(pid: number): Promise<number | null> {
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Fields after the ")" that ends the command name: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ: 100 on every Linux Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;
