import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The collector of the --tracing runs: a node:http server on loopback answering 200 to every
 * POST /v1/traces (what an OTLP/HTTP collector answers to a full success) and counting the
 * exports and their bytes, without decoding them: a collector's own work is not the service's
 * cost, and a receiver that answered slowly would make the exporter's queue drop spans (less
 * work measured than tracing costs). It runs in the orchestrator, off the service's CPU.
 */
export interface OtlpReceiver {
  /** The base URL, for OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends /v1/traces). */
  url: string;
  /** Exports received (POST /v1/traces) and their body bytes so far. */
  counts(): { requests: number; bytes: number };
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  let requests = 0;
  let bytes = 0;
  const server: Server = createServer((req, res) => {
    const traces = req.method === 'POST' && req.url === '/v1/traces';
    req.on('data', (chunk: Buffer) => {
      if (traces) bytes += chunk.length;
    });
    req.on('end', () => {
      if (!traces) {
        res.writeHead(404).end();
        return;
      }
      requests += 1;
      // An empty ExportTraceServiceResponse in the exporter's own encoding.
      const json = (req.headers['content-type'] ?? '').includes('json');
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' }).end(json ? '{}' : '');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts: () => ({ requests, bytes }),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
