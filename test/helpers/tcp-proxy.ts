import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A loopback TCP proxy a test can cut: everything through it fails at once, as if the target died. */
export interface TcpProxy {
  port: number;
  /** Closes every connection and stops listening. */
  cut(): Promise<void>;
  /** From now on nothing is forwarded either way and connections stay open: a hung target. */
  hang(): void;
  /** Answers are held back (requests still go through) until the returned function is called. */
  holdAnswers(): () => void;
  /** Bytes that reached the proxy from its clients since it hung. */
  readonly heldBytes: number;
}

/** `port`: where the proxy listens (0: any free port). */
export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1', port = 0): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let hung = false;
  let heldBytes = 0;
  let heldAnswers: Array<() => void> | null = null;
  const server = createServer((client) => {
    const upstream = connect(targetPort, targetHost);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => { client.destroy(); upstream.destroy(); });
    }
    client.on('data', (chunk: Buffer) => { if (hung) heldBytes += chunk.length; else upstream.write(chunk); });
    upstream.on('data', (chunk: Buffer) => {
      if (hung) return;
      if (heldAnswers) heldAnswers.push(() => client.write(chunk));
      else client.write(chunk);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    hang: () => { hung = true; },
    holdAnswers: () => {
      heldAnswers = [];
      return () => {
        const held = heldAnswers ?? [];
        heldAnswers = null;
        for (const write of held) write();
      };
    },
    get heldBytes() { return heldBytes; },
    cut: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/**
 * A port that refuses connections until opened, then forwards to the target: a provider that
 * is provably never reached (ECONNREFUSED) and later is. It starts closed, so nothing has a
 * kept-alive connection to it that could fail some other way.
 */
export interface TcpGate {
  port: number;
  open(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpGate(targetPort: number): Promise<TcpGate> {
  // A free port, given up at once: connections to it are refused until the gate opens.
  const probe = await startTcpProxy(targetPort);
  await probe.cut();
  let proxy: TcpProxy | null = null;
  return {
    port: probe.port,
    open: async () => { proxy ??= await startTcpProxy(targetPort, '127.0.0.1', probe.port); },
    close: async () => {
      await proxy?.cut();
      proxy = null;
    },
  };
}
