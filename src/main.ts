import { loadConfig, ConfigError } from './config.js';
import { startSimulators } from './providers/index.js';
import { createServer } from './server.js';

/** Process entry: read the configuration, start simulators in demo mode, serve. */
async function main(): Promise<void> {
  const config = loadConfig();
  const simulators = config.demo ? await startSimulators() : null;
  if (simulators) config.providers = simulators.settings;
  const server = await createServer(config);
  console.log(`clients-graph serving ${server.url}`);
  if (simulators) {
    console.log('No provider settings given: running on the built-in provider simulators (demo data). See README for settings.');
  }
  const stop = async () => {
    await server.close();
    await simulators?.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
  process.exit(1);
});
