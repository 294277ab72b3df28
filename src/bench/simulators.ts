import { startSimulators } from '../providers/simulators.js';
import { exitWithParent, printJsonLine } from './parent-watch.js';

/**
 * Benchmark process (a): every provider module's simulator, alone in their process so their CPU
 * is not the service's. Env BENCH_LATENCY_MS (default 5) is every answer's delay, standing in
 * for a real provider's network and processing time. Prints one JSON line,
 * `{ latencyMs, settings: { <provider>: { baseUrl, headers } }, env: { <the service's variables pointing at them> } }`; each simulator's origin
 * also serves GET /__simulator/stats → `{ calls, maxInFlight }`. Stops on SIGTERM/SIGINT.
 */
async function main(): Promise<void> {
  exitWithParent();
  const raw = process.env.BENCH_LATENCY_MS ?? '5';
  const latencyMs = Number(raw);
  if (!Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > 10_000) {
    throw new Error(`BENCH_LATENCY_MS must be a whole number of ms from 0 to 10000, not "${raw}"`);
  }
  const simulators = await startSimulators({ latencyMs, host: '127.0.0.1' });
  printJsonLine({ latencyMs, settings: simulators.settings, env: simulators.env });
  const stop = () => void simulators.close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
