import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/**
 * A redis-server of a test's own (a memory limit, a kill, a cluster), on a random free port,
 * without persistence, in a temporary directory removed at stop().
 */

export interface OwnRedis {
  port: number;
  url: string;
  /** Kills it (SIGKILL: whatever it held is gone) and starts it again on the same port, empty. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A free port (`port` 0: any), or null when `port` is taken. */
function free(port = 0): Promise<number | null> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(null));
    probe.listen(port, '127.0.0.1', () => {
      const { port: got } = probe.address() as { port: number };
      probe.close(() => resolve(got));
    });
  });
}

/** A free port; for a cluster node, one whose bus port (port + 10000) is free too. */
async function freePort(cluster: boolean): Promise<number> {
  for (;;) {
    const port = await free();
    if (port === null) continue;
    if (!cluster) return port;
    if (port + 10000 <= 65535 && (await free(port + 10000)) !== null) return port;
  }
}

export async function startRedisServer(args: string[] = []): Promise<OwnRedis> {
  const port = await freePort(args.includes('--cluster-enabled'));
  const dir = mkdtempSync(join(tmpdir(), 'clients-graph-redis-'));
  let child: ChildProcess;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...args], {
      stdio: 'ignore',
    });
    let exited: Error | null = null;
    child.once('exit', (code) => { exited = new Error(`redis-server on port ${port} exited (${code}) before answering`); });
    await answering(port, () => exited);
  };
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    restart: async () => { await kill(); await start(); },
    stop: async () => { await kill(); rmSync(dir, { recursive: true, force: true }); },
  };
}

/** Waits until a PING on `port` is answered (or the server is gone: `exited` says why). */
async function answering(port: number, exited: () => Error | null): Promise<void> {
  for (;;) {
    const gone = exited();
    if (gone) throw gone;
    const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      if ((await redis.ping()) === 'PONG') return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      redis.disconnect();
    }
  }
}

export interface OwnCluster {
  /** host:port of each master, as REDIS_CLUSTER_NODES takes them. */
  nodes: string[];
  stop(): Promise<void>;
}

/** Three masters, no replicas, joined by redis-cli --cluster create; resolves once the cluster is ok. */
export async function startRedisCluster(): Promise<OwnCluster> {
  const servers: OwnRedis[] = [];
  const dirs: string[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'clients-graph-cluster-'));
      dirs.push(dir);
      servers.push(await startRedisServer(['--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf')]));
    }
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    throw error;
  }
  const nodes = servers.map((server) => `127.0.0.1:${server.port}`);
  const created = spawnSync('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8' });
  const stop = async () => {
    await Promise.all(servers.map((server) => server.stop()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  };
  if (created.status !== 0) {
    await stop();
    throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
  }
  for (const server of servers) {
    const redis = new Redis(server.port, '127.0.0.1');
    try {
      while (!(await redis.cluster('INFO')).includes('cluster_state:ok')) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      redis.disconnect();
    }
  }
  return { nodes, stop };
}
