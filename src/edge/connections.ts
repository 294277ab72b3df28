import type { Server } from 'node:http';
import { BlockList, isIPv6, type Socket } from 'node:net';

export interface ConnectionLimits {
  /** Open client connections at most (MAX_CONNECTIONS); Node refuses more at once. */
  maxConnections: number;
  /** Open connections from one address at most (MAX_CONNECTIONS_PER_ADDRESS). */
  maxPerAddress: number;
  /** Proxies whose connections carry many clients' requests: not capped per address. */
  trustedProxies: BlockList | null;
}

/** Past this share of MAX_CONNECTIONS, idle keep-alive connections are closed to make room. */
const NEAR_LIMIT = 0.9;

/**
 * Connection slots shared fairly: one address (one attacker holding slow or idle
 * connections) may hold at most `maxPerAddress` of them, and when the server nears
 * `maxConnections` its idle keep-alive connections are closed first, oldest first, so a slot
 * is free for a new caller (a keep-alive client reconnects; a refused one cannot get in).
 * Slow requests themselves are cut by Node's headersTimeout and requestTimeout.
 */
export function limitConnections(server: Server, limits: ConnectionLimits): void {
  server.maxConnections = limits.maxConnections;
  const nearLimit = Math.max(1, Math.floor(limits.maxConnections * NEAR_LIMIT));
  const perAddress = new Map<string, number>();
  // Connections between requests, in the order they became idle.
  const idle = new Set<Socket>();
  let open = 0;
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const held = perAddress.get(address) ?? 0;
    if (held >= limits.maxPerAddress && !limits.trustedProxies?.check(address, isIPv6(address) ? 'ipv6' : 'ipv4')) {
      socket.destroy();
      return;
    }
    perAddress.set(address, held + 1);
    open += 1;
    socket.once('close', () => {
      open -= 1;
      idle.delete(socket);
      const left = perAddress.get(address)! - 1;
      if (left === 0) perAddress.delete(address);
      else perAddress.set(address, left);
    });
    let closing = open - nearLimit;
    for (const quiet of idle) {
      if (closing <= 0) break;
      idle.delete(quiet);
      quiet.destroy();
      closing -= 1;
    }
  });
  server.on('request', (request, response) => {
    const socket = request.socket;
    idle.delete(socket);
    response.once('finish', () => { if (!socket.destroyed) idle.add(socket); });
  });
}

/**
 * TRUST_PROXY's addresses and CIDR ranges (e.g. "10.0.0.0/8,127.0.0.1") as a BlockList, or
 * null when empty; throws on anything else.
 */
export function proxyList(entries: readonly string[]): BlockList | null {
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/') as [string, string | undefined];
    const type = isIPv6(address) ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}
