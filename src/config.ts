import { Provider } from './clients/client.js';
import { ConfigError } from './config-error.js';
import type { ProviderSettings } from './providers/module.js';
import { providerModules } from './providers/index.js';

export { ConfigError };

/** The whole configuration, read once at boot from the environment. */
export interface Config {
  host: string;
  port: number;
  introspection: boolean;
  upstream: {
    /** Timeout of one upstream request. */
    timeoutMs: number;
    /** Upstream requests in flight at most, per provider, per GraphQL request. */
    concurrency: number;
  };
  /** Settings per provider; null = not configured (no credential). */
  providers: Record<Provider, ProviderSettings | null>;
  /** No provider setting was given at all: run on the built-in simulators. */
  demo: boolean;
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const demo = providerModules.every((module) => module.envNames.every((name) => !env[name]));
  const providers = {} as Record<Provider, ProviderSettings | null>;
  for (const module of providerModules) providers[module.provider] = module.settingsFromEnv(env);
  return {
    host: env.HOST || '0.0.0.0',
    port: integer(env, 'PORT', 4000, 0, 65535),
    introspection: boolean(env, 'GRAPHQL_INTROSPECTION', true),
    upstream: {
      timeoutMs: integer(env, 'UPSTREAM_TIMEOUT_MS', 5000, 1, 600_000),
      concurrency: integer(env, 'UPSTREAM_CONCURRENCY', 8, 1, 1024),
    },
    providers,
    demo,
  };
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, `must be true or false, not "${env[name]}"`);
}
