import { loadConfig, withProviders, ConfigError } from './config.js';
import { endStdout, stopWaitingForStdoutAt } from './observability/logger.js';
import { logDestination } from './observability/log-format.js';
import { startTracing } from './observability/tracing.js';
import { createServer, PortInUseError } from './server.js';
import { RedisUnreachableError } from './state/redis.js';
import { RedisSettingsError } from './state/redis-settings.js';

/** Past the grace period, this long more for the rest of the shutdown before the process gives up. */
const SHUTDOWN_MARGIN_MS = 5000;

/** Process entry: read the configuration, start simulators in demo mode, serve, shut down cleanly. */
async function main(): Promise<void> {
  const loaded = loadConfig();
  // Before anything that makes spans; null (and nothing loaded) unless OTEL_* settings ask for traces.
  const tracing = await startTracing();
  // Loaded only in demo mode: a production boot never loads a simulator module.
  const simulators = loaded.demo ? await (await import('./providers/simulators.js')).startSimulators() : null;
  // Demo mode serves the simulators: the loaded configuration with their settings, itself unchanged.
  const config = simulators ? withProviders(loaded, simulators.settings) : loaded;
  const server = await createServer(config, { logDestination: await logDestination(config.nodeEnv) }).catch(async (error: unknown) => {
    await simulators?.close();
    throw error;
  });
  const base = server.url.replace(/\/graphql$/, '');
  server.log.info({ url: server.url }, `clients-graph serving ${server.url}`);
  // Each URL on a line of its own, so a terminal makes it a link.
  server.log.info(`GraphiQL (served by this service, works offline): ${base}/graphiql`);
  server.log.info(`Apollo Sandbox (open in a browser; loaded from Apollo's CDN, needs the internet): ${server.url}`);
  if (tracing) server.log.info('traces: OpenTelemetry, configured by the OTEL_* settings');
  if (simulators) {
    server.log.info('No provider settings given: running on the built-in provider simulators (demo data, reset on every start). See docs/operations.md for settings.');
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      // A second signal: the operator does not want to wait, for stdout neither.
      stopWaitingForStdoutAt(0);
      process.exit(1);
    }
    stopping = true;
    // A hard deadline: whatever is pending (a hung upstream, a log sink that cannot be
    // written), the process leaves, non-zero, once the grace period and a margin are over.
    // Unref'd, so it never holds an exit that would happen anyway.
    const deadlineMs = config.shutdownGraceMs + SHUTDOWN_MARGIN_MS;
    setTimeout(() => {
      try { process.stderr.write(`shutdown did not finish within ${deadlineMs} ms; exiting\n`); } catch { /* gone */ }
      stopWaitingForStdoutAt(0);
      process.exit(1);
    }, deadlineMs).unref();
    // A stalled stdout reader is waited for until the deadline, not past it.
    stopWaitingForStdoutAt(Date.now() + deadlineMs);
    server.log.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down: finishing in-flight requests');
    let code = 0;
    try {
      await server.close();
      await simulators?.close();
      // The spans still buffered are sent before the exit.
      await tracing?.shutdown();
      server.log.info('stopped');
    } catch (error) {
      server.log.error({ err: error }, 'shutdown failed');
      code = 1;
    }
    await endStdout();
    process.exit(code);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  // Several bad settings: one line each.
  if (error instanceof ConfigError) for (const line of error.message.split('\n')) console.error(`Configuration error: ${line}`);
  else if (error instanceof PortInUseError) console.error(error.message);
  // Names the URL without its password.
  else if (error instanceof RedisUnreachableError || error instanceof RedisSettingsError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
