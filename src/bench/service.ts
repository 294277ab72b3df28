import { ConfigError, loadConfig } from '../config.js';
import { startTracing } from '../observability/tracing.js';
import { createServer } from '../server.js';
import { answerAllocationRequests } from './allocation.js';
import { exitWithParent, printJsonLine } from './parent-watch.js';

/**
 * Benchmark process (b): the service as production runs it (main.ts's loadConfig() +
 * startTracing() + createServer(config)), but never in demo mode: the simulators live in their own process.
 * Run as `node --expose-gc dist/src/bench/service.js`. Prints `{ url }` once listening; on
 * SIGUSR2 runs a full GC and prints `{ heapUsedAfterGc }` (bytes), which the soak check
 * compares before and after a long run; on the orchestrator's messages it samples what it
 * allocates (allocation.ts). Stops on SIGTERM/SIGINT.
 */
async function main(): Promise<void> {
  exitWithParent();
  answerAllocationRequests();
  const config = loadConfig();
  // In demo mode main.ts would start simulators inside this process and skew every figure.
  if (config.demo) throw new Error('the benchmark service needs the provider settings (FATORA_API_URL, …) pointing at the simulators');
  // As main.ts: the SDK before anything that makes spans, and only when OTEL_* settings ask (--tracing).
  const tracing = await startTracing();
  const server = await createServer(config);
  printJsonLine({ url: server.url });

  process.on('SIGUSR2', () => {
    const gc = globalThis.gc;
    if (!gc) {
      printJsonLine({ error: 'no global.gc: run with node --expose-gc' });
      return;
    }
    // Twice: objects freed by the first collection's finalizers go in the second.
    gc();
    gc();
    printJsonLine({ heapUsedAfterGc: process.memoryUsage().heapUsed });
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void server.close().then(() => tracing?.shutdown()).finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
  process.exit(1);
});
