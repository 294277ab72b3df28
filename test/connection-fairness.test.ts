import { request } from 'node:http';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { proxyList } from '../src/edge/connections.js';
import { startService, type TestService } from './helpers/service.js';

// Two callers on one machine: the attacker connects from 127.0.0.2, everybody else from
// 127.0.0.1 (Linux routes all of 127.0.0.0/8 to loopback). Limits are lowered so that a few
// dozen connections stand for the 1,100.
const ATTACKER = '127.0.0.2';

let service: TestService | undefined;
let port: number;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await service?.close();
  service = undefined;
});

test.each([
  ['10.1.2.3', 'ipv4', true], ['11.0.0.1', 'ipv4', false], ['127.0.0.1', 'ipv4', true], ['127.0.0.2', 'ipv4', false],
  ['fd12::1', 'ipv6', true], ['fe80::1', 'ipv6', false],
] as const)('proxyList("10.0.0.0/8,127.0.0.1,fd00::/8") trusts %s: %s', (address, type, trusted) => {
  expect(proxyList(['10.0.0.0/8', '127.0.0.1', 'fd00::/8'])!.check(address, type)).toBe(trusted);
});

async function start(env: Record<string, string>) {
  service = await startService({ env });
  port = Number(new URL(service.url).port);
  return service;
}

/** One request from 127.0.0.1 on a connection of its own; its HTTP status, or the error. */
function legitimate(): Promise<number | string> {
  return new Promise((resolve) => {
    const body = JSON.stringify({ query: '{ __typename }' });
    const sent = request({
      host: '127.0.0.1', port, localAddress: '127.0.0.1', path: '/graphql', method: 'POST', agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (response) => { response.resume(); response.on('end', () => resolve(response.statusCode!)); });
    sent.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    sent.end(body);
  });
}

/** An attacker's connection, open (or already refused: closed). */
async function attackerSocket(): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port, localAddress: ATTACKER });
  sockets.push(socket);
  socket.on('error', () => {});
  await Promise.race([once(socket, 'connect'), once(socket, 'close')]);
  return socket;
}

async function answered(count: number): Promise<number> {
  let ok = 0;
  for (let i = 0; i < count; i += 1) if ((await legitimate()) === 200) ok += 1;
  return ok;
}

test('110 slow connections from one address: requests from another keep being answered (MAX_CONNECTIONS_PER_ADDRESS)', async () => {
  await start({ MAX_CONNECTIONS: '40', MAX_CONNECTIONS_PER_ADDRESS: '8' });
  const slow: Socket[] = [];
  for (let i = 0; i < 110; i += 1) slow.push(await attackerSocket());
  // Each sends its headers one line at a time, never finishing them.
  for (const socket of slow) if (!socket.destroyed) socket.write(`POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\n`);
  const trickle = setInterval(() => { for (const socket of slow) if (!socket.destroyed) socket.write('x-slow: 1\r\n'); }, 200);
  try {
    expect(await answered(40)).toBeGreaterThanOrEqual(38); // ≥ 95%
    // The attacker holds no more than its share.
    expect(slow.filter((socket) => !socket.destroyed).length).toBeLessThanOrEqual(8);
  } finally {
    clearInterval(trickle);
  }
}, 60_000);

test('near MAX_CONNECTIONS, idle keep-alive connections are closed first, so new callers get in', async () => {
  await start({ MAX_CONNECTIONS: '10', MAX_CONNECTIONS_PER_ADDRESS: '10' });
  // Ten keep-alive connections, each after one answered request: idle, held for KEEP_ALIVE_TIMEOUT_MS (72 s).
  const idle: Socket[] = [];
  for (let i = 0; i < 10; i += 1) {
    const socket = await attackerSocket();
    if (socket.destroyed) continue;
    const body = '{"query":"{ __typename }"}';
    socket.write(`POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
    await Promise.race([once(socket, 'data'), once(socket, 'close')]);
    idle.push(socket);
  }
  expect(await answered(20)).toBe(20);
  expect(idle.filter((socket) => socket.destroyed).length).toBeGreaterThan(0);
}, 60_000);

test('TRUST_PROXY: the request log names the client a trusted proxy forwards for; otherwise the peer', async () => {
  const behindProxy = await start({ TRUST_PROXY: '127.0.0.1' });
  const headers = { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7', 'x-request-id': 'via-proxy' };
  await fetch(behindProxy.url, { method: 'POST', headers, body: '{"query":"{ __typename }"}' });
  expect(behindProxy.logs.find((line) => line.requestId === 'via-proxy')).toMatchObject({ msg: 'graphql request', clientAddress: '203.0.113.7' });
  await behindProxy.close();
  const direct = await start({});
  await fetch(direct.url, { method: 'POST', headers, body: '{"query":"{ __typename }"}' });
  expect(direct.logs.find((line) => line.requestId === 'via-proxy')).toMatchObject({ msg: 'graphql request', clientAddress: '127.0.0.1' });
});
