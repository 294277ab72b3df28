import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { Provider } from '../../src/providers/index.js';
import { loadConfig, withProviders, type Config } from '../../src/config.js';
import { startSimulators, type Simulators } from '../../src/providers/simulators.js';
import type { ProviderSettings } from '../../src/clients/settings.js';
import type { Simulator } from '../../src/providers/simulator-kit.js';
import { createServer } from '../../src/server.js';

export interface GraphQLResponse<T = any> {
  status: number;
  // Loosely typed on purpose: tests assert exact values, not shapes the compiler knows.
  body: { data?: T; errors?: any };
  headers: Headers;
  text: string;
}

export interface TestService {
  url: string;
  sims: Record<Provider, Simulator>;
  fatora: Simulator;
  daftra: Simulator;
  ic: Simulator;
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** Sends a typed document from test/generated (made by codegen from test/operations). */
  op<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, variables?: V): Promise<GraphQLResponse<R>>;
  /** Every log line the service wrote, parsed. */
  logs: Array<Record<string, any>>;
  /** The raw log output, for scanning. */
  logText(): string;
  /** Forgets the simulators' calls and faults. */
  resetCalls(): void;
  close(): Promise<void>;
}

export interface ServiceOptions {
  env?: Record<string, string>;
  /** Override a provider's settings (null = not configured). */
  providers?: Partial<Record<Provider, ProviderSettings | null>>;
  /** Use an API key (Fatora's token endpoint) instead of the simulator's fixed token. */
  apiKeyFor?: Partial<Record<Provider, string>>;
  /** Where request credentials go (default: the simulators). */
  requestCredentialUrls?: Partial<Record<Provider, string>>;
  /** Simulators to share with another service (replicas); closed by their owner, not by close(). */
  simulators?: Simulators;
}

/** The real service on an ephemeral port, talking to the real simulators over loopback. */
export async function startService(options: ServiceOptions = {}): Promise<TestService> {
  const simulators = options.simulators ?? await startSimulators();
  const providers: Config['providers'] = { ...simulators.settings, ...options.providers };
  for (const [provider, apiKey] of Object.entries(options.apiKeyFor ?? {}) as Array<[Provider, string]>) {
    providers[provider] = { baseUrl: simulators.settings[provider].baseUrl, headers: {}, apiKey };
  }
  // Request credentials go to the simulators too.
  const requestCredentialUrls = Object.fromEntries(Object.values(Provider).map((provider) =>
    [provider, options.requestCredentialUrls?.[provider] ?? simulators.settings[provider].baseUrl])) as Config['requestCredentialUrls'];
  const config = { ...withProviders(loadConfig({ HOST: '127.0.0.1', PORT: '0', ...options.env }), providers), requestCredentialUrls };
  const lines: string[] = [];
  const server = await createServer(config, { logDestination: { write: (line: string) => { lines.push(line); } } });
  const sims = simulators.byProvider;
  return {
    url: server.url,
    sims,
    fatora: sims[Provider.FATORA],
    daftra: sims[Provider.DAFTRA],
    ic: sims[Provider.INVISIBLE_COLLECTOR],
    gql: (query, variables, headers) => postGraphQL(server.url, query, variables, headers),
    op: (document, variables) => postGraphQL(server.url, print(document), variables),
    get logs() { return lines.map((line) => JSON.parse(line)); },
    logText: () => lines.join(''),
    resetCalls: () => Object.values(sims).forEach((sim) => sim.reset()),
    close: async () => {
      await server.close();
      if (!options.simulators) await simulators.close();
    },
  };
}

export async function postGraphQL<T = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text), text };
}

/**
 * Waits until `condition` holds, checking every few milliseconds: for events the test
 * cannot be told about directly (a request reaching a simulator). The test's own timeout
 * bounds it, so it never passes on a guess.
 */
export async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** One sample of the service's /metrics, e.g. metric(url, 'dataloader_batch_size_count{provider="fatora"}'). */
export async function metric(graphqlUrl: string, sample: string): Promise<number> {
  const text = await (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}
