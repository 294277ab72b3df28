import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { DaftraAPI, FatoraAPI, InvisibleCollectorAPI, type Upstream } from './plain/datasources.js';
import { resolvers, typeDefs, type PlainContext } from './plain/schema.js';
import { answerAllocationRequests } from './allocation.js';
import { exitWithParent, printJsonLine } from './parent-watch.js';

/**
 * Benchmark process (d): the "plain build", the service a user would write instead of this
 * one: Apollo Server standalone with one RESTDataSource per provider (new ones per request,
 * as the docs show), no DataLoader, no resilience. Env PLAIN_UPSTREAM is the simulators'
 * settings as JSON ({ fatora: { baseUrl, headers }, … }). Prints `{ url }` once listening;
 * samples what it allocates on the orchestrator's messages (allocation.ts); stops on
 * SIGTERM/SIGINT.
 */
async function main(): Promise<void> {
  exitWithParent();
  answerAllocationRequests();
  const upstream = JSON.parse(process.env.PLAIN_UPSTREAM ?? '{}') as Record<'fatora' | 'daftra' | 'invisible-collector', Upstream>;
  if (!upstream.fatora || !upstream.daftra || !upstream['invisible-collector']) throw new Error('PLAIN_UPSTREAM must hold the three providers');
  const server = new ApolloServer<PlainContext>({ typeDefs, resolvers });
  const { url } = await startStandaloneServer(server, {
    listen: { host: '127.0.0.1', port: 0 },
    context: async () => ({
      dataSources: {
        fatora: new FatoraAPI(upstream.fatora),
        daftra: new DaftraAPI(upstream.daftra),
        'invisible-collector': new InvisibleCollectorAPI(upstream['invisible-collector']),
      },
    }),
  });
  printJsonLine({ url });
  const stop = () => void server.stop().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
