import { loadConfig, ConfigError } from './config.js';
import { startSimulators } from './providers/simulators.js';
import { createServer } from './server.js';

/** Process entry: read the configuration, start simulators in demo mode, serve, shut down cleanly. */
async function main(): Promise<void> {
  const config = loadConfig();
  const simulators = config.demo ? await startSimulators() : null;
  if (simulators) config.providers = simulators.settings;
  const server = await createServer(config);
  server.log.info({ url: server.url }, `clients-graph serving ${server.url}`);
  if (simulators) {
    server.log.info('No provider settings given: running on the built-in provider simulators (demo data). See README for settings.');
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.log.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down: finishing in-flight requests');
    try {
      await server.close();
      await simulators?.close();
      server.log.info('stopped');
      process.exit(0);
    } catch (error) {
      server.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
  process.exit(1);
});
