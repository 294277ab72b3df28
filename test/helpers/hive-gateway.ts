import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Hive Gateway runtime serving a supergraph over HTTP on a free loopback port. */
export interface HiveGateway {
  /** Its GraphQL endpoint. */
  url: string;
  /** Cuts its connections, stops its server and disposes the runtime. */
  close(): Promise<void>;
}

/** Starts Hive Gateway's runtime with `options` (the supergraph, plugins) behind a node:http server. */
export async function startHiveGateway(options: Parameters<typeof createGatewayRuntime>[0]): Promise<HiveGateway> {
  const runtime = createGatewayRuntime(options);
  const server = createServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await runtime.dispose();
    },
  };
}
