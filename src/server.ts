import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import type { ProviderRegistry } from './clients/provider.js';
import type { Config } from './config.js';
import { createContext, type Context } from './graphql/context.js';
import { createSchema } from './graphql/schema.js';
import { createProviders } from './providers/index.js';

export interface RunningServer {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  providers: ProviderRegistry;
  close(): Promise<void>;
}

/** Builds and starts the whole service: the function main.ts and the tests call. */
export async function createServer(config: Config): Promise<RunningServer> {
  const providers = createProviders(config.providers, { timeoutMs: config.upstream.timeoutMs });
  const app = Fastify({ logger: false });
  const apollo = new ApolloServer<Context>({
    schema: await createSchema(),
    introspection: config.introspection,
    // Stack traces only where a developer asked for them, never in production responses.
    includeStacktraceInErrorResponses: process.env.NODE_ENV === 'development',
    plugins: [
      fastifyApolloDrainPlugin(app),
      // Sandbox in every environment, not only in development (Apollo's default).
      ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
      // Federated traces for gateways that ask for them (Apollo's default for a subgraph,
      // installed here so it is explicit). Error messages in traces stay masked.
      ApolloServerPluginInlineTrace({ includeErrors: { masked: true } }),
    ],
    formatError(formatted, error) {
      if (formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return formatted;
      // Our own bug: keep the detail in the server's log, give the caller nothing to leak.
      console.error('internal error', error);
      return { message: 'Internal server error', ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    },
  });
  await apollo.start();
  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    method: ['GET', 'POST', 'OPTIONS'],
    context: async () => createContext(providers, config.upstream.concurrency),
  });
  await app.listen({ host: config.host, port: config.port });
  const { port } = app.server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return {
    url: `http://${host}:${port}/graphql`,
    providers,
    close: async () => {
      await app.close();
    },
  };
}
