import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { startService, type TestService } from './helpers/service.js';

/**
 * Real-browser tests: Debian's Chromium (never a downloaded browser) driven by playwright-core.
 * Without it, one test says in one line that these did not run and why; no skipped test is
 * left behind. CI (.ci/run) installs Chromium first, so there (CI=true) that line fails.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  // A closed network refuses Chromium's own background connections; these keep it quiet.
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

if (!existsSync(CHROMIUM)) {
  test('browser tests did not run: chromium not installed', () => {
    const reason = existsSync(CHROMIUM) ? 'chromium installed' : 'chromium not installed';
    console.log(`browser tests did not run: ${reason} (${CHROMIUM}; apt-get install -y chromium)`);
    expect(process.env.CI === 'true' ? 'CI installs Chromium, so these tests must run' : reason).toBe('chromium not installed');
  });
} else {
  let profile: string;
  let browser: BrowserContext;
  beforeAll(async () => {
    // A fresh user-data-dir per run: no state from an earlier browser.
    profile = mkdtempSync(join(tmpdir(), 'clients-graph-chromium-'));
    browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  describe('the local explorer (GraphiQL)', () => {
    let service: TestService;
    beforeAll(async () => { service = await startService(); });
    afterAll(() => service.close());

    test('opens from the service alone and runs the README\'s sample query', async () => {
      const page = await browser.newPage();
      const outside: string[] = [];
      // Every file the page loads comes from the service itself: it works offline.
      page.on('request', (request) => { if (!request.url().startsWith(service.url.replace('/graphql', ''))) outside.push(request.url()); });
      await page.goto(service.url.replace('/graphql', '/graphiql'));
      await page.locator('.graphiql-execute-button').click();
      await page.waitForFunction("document.querySelector('.result-window')?.textContent?.includes('John Doe Inc.')");
      const result = await page.locator('.result-window').textContent();
      expect(result).toContain('"name": "Client Name"');
      expect(result).toContain('"name": "John Smith"');
      expect(outside).toEqual([]);
      await page.close();
    });
  });

  describe('a page on another origin (CORS_ORIGINS)', () => {
    let service: TestService;
    let pageServer: Server;
    let origin: string;

    beforeAll(async () => {
      pageServer = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><title>app</title>'); });
      await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
      origin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
      service = await startService({ env: { CORS_ORIGINS: origin } });
    });
    afterAll(async () => {
      await service.close();
      pageServer.closeAllConnections();
      await new Promise((resolve) => pageServer.close(resolve));
    });

    test('reads and creates a client with fetch after a preflight, and reads x-request-id', async () => {
      const page = await browser.newPage();
      // Chromium reports CORS preflights to DevTools as requests initiated by "preflight".
      const cdp = await browser.newCDPSession(page);
      const preflights: Array<{ method: string; url: string; status?: number }> = [];
      const preflightIds = new Map<string, { method: string; url: string; status?: number }>();
      cdp.on('Network.requestWillBeSent', (event) => {
        if (event.request.method !== 'OPTIONS') return;
        const entry = { method: event.request.method, url: event.request.url };
        preflights.push(entry);
        preflightIds.set(event.requestId, entry);
      });
      cdp.on('Network.responseReceived', (event) => {
        const entry = preflightIds.get(event.requestId);
        if (entry) entry.status = event.response.status;
      });
      await cdp.send('Network.enable');
      await page.goto(origin);
      const result = await page.evaluate(async (url) => {
        const call = async (query: string) => {
          const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
          return { status: response.status, requestId: response.headers.get('x-request-id'), body: await response.json() };
        };
        const read = await call('{ client(id: "fatora:1024") { id name } }');
        const created = await call('mutation { createClient(input: { provider: FATORA, name: "Browser Co", email: "browser@co.example" }) { client { name } userErrors { code } } }');
        return { read, created };
      }, service.url);
      expect(result.read.status).toBe(200);
      expect(result.read.body).toEqual({ data: { client: { id: 'fatora:1024', name: 'Client Name' } } });
      expect(result.read.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(result.created.body).toEqual({ data: { createClient: { client: { name: 'Browser Co' }, userErrors: [] } } });
      // A preflight before the first call (Chromium may reuse its answer for the second), answered 204.
      expect(preflights[0]).toEqual({ method: 'OPTIONS', url: service.url, status: 204 });
      expect(preflights.filter((p) => p.status !== 204)).toEqual([]);
      await page.close();
    });
  });
}
