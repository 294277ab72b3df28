import { loadConfig, ConfigError } from './config.js';
import { endStdout, stopWaitingForStdoutAt } from './observability/logger.js';
import { createServer, PortInUseError } from './server.js';
import { RedisUnreachableError } from './state/redis.js';

/** Past the grace period, this long more for the rest of the shutdown before the process gives up. */
const SHUTDOWN_MARGIN_MS = 5000;

/** Process entry: read the configuration, start simulators in demo mode, serve, shut down cleanly. */
async function main(): Promise<void> {
  const config = loadConfig();
  // Loaded only in demo mode: a production boot never loads a simulator module.
  const simulators = config.demo ? await (await import('./providers/simulators.js')).startSimulators() : null;
  if (simulators) config.providers = simulators.settings;
  const server = await createServer(config).catch(async (error: unknown) => {
    await simulators?.close();
    throw error;
  });
  const base = server.url.replace(/\/graphql$/, '');
  server.log.info({ url: server.url }, `clients-graph serving ${server.url}`);
  server.log.info(`explorer: ${base}/graphiql (GraphiQL, served by this service, works offline); `
    + `${server.url} in a browser opens Apollo Sandbox (loaded from Apollo's CDN: needs the internet)`);
  if (simulators) {
    server.log.info('No provider settings given: running on the built-in provider simulators (demo data, reset on every start). See README for settings.');
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
  if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}`);
  else if (error instanceof PortInUseError) console.error(error.message);
  // Names the URL without its password.
  else if (error instanceof RedisUnreachableError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
