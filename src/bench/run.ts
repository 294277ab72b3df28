import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Provider } from '../providers/index.js';
import { providerModules } from '../providers/index.js';
import { envNamesOf } from '../clients/provider.js';
import type { ProviderSettings } from '../clients/settings.js';
import { ALLOCATION_RUN_S } from './allocation.js';
import { Child, Children } from './children.js';
import type { LoadJob, LoadSummary } from './load.js';
import { assertLoopback } from './loopback.js';
import { parseOptions, USAGE, type BenchOptions } from './options.js';
import { cpuMsOf, memoryOf, settledUpstreamCalls } from './probes.js';
import { startOtlpReceiver } from './otlp-receiver.js';
import type { GcSummary } from './gc-summary.js';
import { formatReport, gcPerRequest, gcText, writeReport, type BenchReport, type BuildFigures, type ScenarioResult, type SoakResult, type TracingExports, type TracingRounds } from './report.js';
import { scenario, type Flavour, type ScenarioId, type Targets } from './scenarios.js';

/**
 * `npm run bench`: the orchestrator. Starts the simulators, the service and the plain build
 * (plain-service.ts: what a user would write instead) in processes of their own, checks one
 * request of every scenario on both, warms every scenario up (the JIT changes the figures by
 * a third), measures each with a fresh load-generator process, first on the service, then on
 * the plain build against the same simulators, and prints the tables (also written as JSON).
 * Everything it starts is stopped at the end, on error and on Ctrl-C, and the whole run has a
 * time limit.
 */

const here = dirname(fileURLToPath(import.meta.url));
const RESULTS_PATH = resolve(here, '../../bench/results.json');
const progress = (message: string) => console.error(`bench: ${message}`);

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    console.log(USAGE);
    return;
  }
  const options = parseOptions(process.argv.slice(2), process.env);
  const children = new Children();
  const abort = (why: string, code: number) => {
    progress(why);
    void children.stopAll().finally(() => process.exit(code));
  };
  process.on('SIGINT', () => abort('interrupted: stopping every process', 130));
  process.on('SIGTERM', () => abort('terminated: stopping every process', 143));
  const limitS = timeLimitS(options);
  const limit = setTimeout(() => abort(`over the time limit of ${limitS} s: stopping every process`, 1), limitS * 1000);

  try {
    const report = await bench(options, children);
    clearTimeout(limit);
    await children.stopAll();
    console.log(formatReport(report));
    await writeReport(RESULTS_PATH, report);
    console.log(`\nwrote ${RESULTS_PATH}`);
    const errors = report.scenarios.reduce((sum, s) => sum + s.errors + (s.plain?.errors ?? 0), 0) + (report.soak?.errors ?? 0);
    if (errors > 0) {
      progress(`${errors} failed requests: these figures measure failures too, look into them first`);
      process.exitCode = 2;
    }
  } finally {
    clearTimeout(limit);
    await children.stopAll();
  }
}

/** Generous for what the options ask (setup, warm-ups, runs, settling), and never unbounded. */
function timeLimitS(o: BenchOptions): number {
  const perScenario = 2 * (o.warmupS + o.durationS + Math.min(o.durationS, ALLOCATION_RUN_S) + 20);
  const tracingRounds = o.tracing.length * (TRACING_ROUNDS * 2 * (o.durationS + 10) + o.warmupS + 10);
  return 90 + (o.scenarios.length + o.readCache.length + o.tracing.length) * perScenario + tracingRounds + (o.soakS > 0 ? o.soakS + o.warmupS + 30 : 0);
}

async function bench(options: BenchOptions, children: Children): Promise<BenchReport> {
  const simulators = children.spawnNode('simulators', join(here, 'simulators.js'), {
    env: { ...process.env, BENCH_LATENCY_MS: String(options.latencyMs) },
  });
  const started = await simulators.nextLine((line) => (line.settings ? line as unknown as StartedSimulators : undefined), 15_000);
  const { settings, env: simulatorEnv } = started;
  const upstream = Object.values(settings);
  for (const s of upstream) assertLoopback(s.baseUrl);

  const { service, serviceUrl, coldStart } = await startService(children, simulatorEnv);
  progress(`service ${serviceUrl} (pid ${service.pid}) answered ${coldStart.firstAnswerMs.toFixed(0)} ms after spawning`);
  const targets: Targets = { serviceUrl, simulators: settings };
  const plain = await startPlain(children, settings);
  progress(`plain build ${plain.url} (pid ${plain.child.pid})`);
  const plainTargets: Targets = { serviceUrl: plain.url, simulators: settings };
  const withPlain = options.scenarios.filter((id) => scenario(id).plain);

  // One request of each scenario, checked in full, before any load: a scenario that answers
  // errors would otherwise be measured as fast.
  for (const id of options.scenarios) await verifyScenario(id, targets, 'service');
  for (const id of withPlain) await verifyScenario(id, plainTargets, 'plain');

  if (options.warmupS > 0) {
    for (const id of options.scenarios) {
      const warm = await runLoad(children, { scenario: id, targets, connections: options.connections, durationS: options.warmupS });
      progress(`warm-up ${id}: ${warm.requestsPerSec.toFixed(0)} req/s`);
    }
    for (const id of withPlain) {
      const warm = await runLoad(children, { scenario: id, targets: plainTargets, connections: options.connections, durationS: options.warmupS, flavour: 'plain' });
      progress(`warm-up ${id} (plain build): ${warm.requestsPerSec.toFixed(0)} req/s`);
    }
  }

  const results: ScenarioResult[] = [];
  for (const id of options.scenarios) {
    const ours = await measure(children, id, targets, service.pid, 'service', upstream, options);
    const theirs = withPlain.includes(id) ? await measure(children, id, plainTargets, plain.child.pid, 'plain', upstream, options) : null;
    results.push({ id, title: scenario(id).title, ratioToLimit: null, ...ours, plain: theirs });
  }
  // Allocation per request, in runs of their own after the timed ones: the sampling costs CPU.
  for (const r of results) {
    if (r.id === '1' || r.readCache || r.tracing) continue;
    Object.assign(r, await allocationPerRequest(children, service, r.id, targets, 'service', options));
    if (r.plain) Object.assign(r.plain, await allocationPerRequest(children, plain.child, r.id, plainTargets, 'plain', options));
  }
  // The same reads on a second service with the read cache on: rows of their own.
  if (options.readCache.length > 0) results.push(...await withReadCache(children, settings, simulatorEnv, upstream, options));
  // And on another with tracing on: rows of their own, and what the receiver got.
  let tracingExports: TracingExports | null = null;
  let tracingRounds: TracingRounds[] = [];
  if (options.tracing.length > 0) {
    const traced = await withTracing(children, settings, simulatorEnv, upstream, options, { pid: service.pid, targets });
    results.push(...traced.results);
    tracingExports = traced.exports;
    tracingRounds = traced.rounds;
  }
  const limit = results.find((r) => r.id === '1');
  if (limit) for (const r of results) r.ratioToLimit = r.requestsPerSec / limit.requestsPerSec;

  const soak = options.soakS > 0 ? await soakRun(children, service, targets, upstream, options) : null;
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    options,
    coldStart,
    scenarios: results,
    servicePeakRssBytes: (await memoryOf(service.pid))?.peakRss ?? null,
    plainPeakRssBytes: (await memoryOf(plain.child.pid))?.peakRss ?? null,
    soak,
    tracingExports,
    tracingRounds,
  };
}

/**
 * The service as production runs it, pointed at the simulators. Its cold start is timed from
 * the spawn to its first answered query, the figure that matters to a restart under load.
 */
/** What the simulators process prints: each simulator's settings, and the service's variables pointing at them. */
interface StartedSimulators {
  settings: Record<Provider, ProviderSettings>;
  env: Record<string, string>;
}

async function startService(children: Children, simulatorEnv: Record<string, string>, extraEnv: NodeJS.ProcessEnv = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Provider settings of the caller's shell (a real API key) must not leak into the run.
  for (const module of providerModules) for (const name of envNamesOf(module)) delete env[name];
  // Nor OpenTelemetry's: the services run with tracing off, but the --tracing one (its own settings).
  for (const name of Object.keys(env)) if (name.startsWith('OTEL_')) delete env[name];
  Object.assign(env, {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: '0',
    // Every module's simulator, as the simulators process says (a new provider's too).
    ...simulatorEnv,
  }, extraEnv);
  const spawnedAt = performance.now();
  // The same V8 flags as `npm start` (package.json config.nodeFlags), so the figures are production's.
  const nodeFlags = (process.env.npm_package_config_nodeFlags ?? '').split(' ').filter(Boolean);
  const service = children.spawnNode('service', join(here, 'service.js'), { nodeArgs: ['--expose-gc', ...nodeFlags], env });
  const serviceUrl = await service.nextLine((line) => (typeof line.url === 'string' ? line.url : undefined), 30_000);
  const listeningMs = performance.now() - spawnedAt;
  assertLoopback(serviceUrl);
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(serviceUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      const body = (await response.json()) as { data?: { __typename?: string } };
      if (body.data?.__typename === 'Query') break;
      throw new Error(`answered ${response.status} ${JSON.stringify(body)}`);
    } catch (error) {
      if (attempt >= 200) throw new Error(`the service never answered { __typename }: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  return { service, serviceUrl, coldStart: { listeningMs, firstAnswerMs: performance.now() - spawnedAt } };
}

/** How long the read-cache service keeps reads: longer than any run, so a run measures hits. */
const READ_CACHE_TTL_MS = 60_000;

/** What a second service process is started with, which scenarios it runs and how its rows are titled. */
interface SecondService {
  name: string;
  env: NodeJS.ProcessEnv;
  scenarios: ScenarioId[];
  /** Appended to each row's title. */
  suffix: string;
  flag: 'readCache' | 'tracing';
  /**
   * The first service, measured in turn with this one, round after round, scenario by scenario
   * (rounds of their own, after the row's run): see TRACING_ROUNDS.
   */
  alternateWith?: { pid: number; targets: Targets };
}

/**
 * Off/on rounds of the --tracing scenarios, each a run of its own on the first service (off)
 * then on the tracing one (on). The off row and the on row are measured a minute or more apart
 * on a shared machine, whose load drifts by more than tracing's cost: side by side, round after
 * round, both see the same machine.
 */
const TRACING_ROUNDS = 3;

/**
 * Scenarios measured once more on a second service process started with other settings (the
 * read cache on, tracing on), after the first one is done: checked, warmed up, measured, then
 * stopped. Its rows have no plain-build counterpart. Also returns the requests it answered.
 */
async function onSecondService(children: Children, settings: Record<Provider, ProviderSettings>, simulatorEnv: Record<string, string>,
  upstream: ProviderSettings[], options: BenchOptions, second: SecondService): Promise<{ results: ScenarioResult[]; answered: number; rounds: TracingRounds[] }> {
  const { service, serviceUrl } = await startService(children, simulatorEnv, second.env);
  progress(`service with ${second.name} ${serviceUrl} (pid ${service.pid})`);
  const targets: Targets = { serviceUrl, simulators: settings };
  let answered = 0;
  try {
    for (const id of second.scenarios) {
      await verifyScenario(id, targets, 'service');
      answered += 1;
    }
    for (const id of second.scenarios) {
      const warm = await runLoad(children, { scenario: id, targets, connections: options.connections, durationS: Math.max(1, options.warmupS) });
      answered += warm.completed;
      progress(`warm-up ${id} (${second.name}): ${warm.requestsPerSec.toFixed(0)} req/s`);
    }
    const results: ScenarioResult[] = [];
    for (const id of second.scenarios) {
      const figures = await measure(children, id, targets, service.pid, 'service', upstream, options);
      answered += figures.completed;
      results.push({ id, title: `${scenario(id).title}, ${second.suffix}`, [second.flag]: true, ratioToLimit: null, ...figures, plain: null });
    }
    const rounds: TracingRounds[] = [];
    const first = second.alternateWith;
    for (const id of second.scenarios) {
      if (!first) break;
      const pair: TracingRounds = { id, offCpuUsPerRequest: [], onCpuUsPerRequest: [] };
      // The first service sat idle while this one started and ran: warmed up again, as this one was.
      await runLoad(children, { scenario: id, targets: first.targets, connections: options.connections, durationS: Math.max(1, options.warmupS) });
      for (let round = 0; round < TRACING_ROUNDS; round++) {
        const off = await measure(children, id, first.targets, first.pid, 'service', upstream, options);
        const on = await measure(children, id, targets, service.pid, 'service', upstream, options);
        answered += on.completed;
        pair.offCpuUsPerRequest.push(off.serviceCpuUsPerRequest ?? NaN);
        pair.onCpuUsPerRequest.push(on.serviceCpuUsPerRequest ?? NaN);
        progress(`round ${round + 1} of ${id}, ${second.name} ÷ off: ${on.serviceCpuUsPerRequest?.toFixed(0)} vs ${off.serviceCpuUsPerRequest?.toFixed(0)} µs`);
      }
      rounds.push(pair);
    }
    return { results, answered, rounds };
  } finally {
    await service.stop();
  }
}

/**
 * The --read-cache scenarios on a second service with READ_CACHE_TTL_MS (in memory; REDIS_URL
 * is not passed on); the warm-up fills the cache, so the run measures hits.
 */
async function withReadCache(children: Children, settings: Record<Provider, ProviderSettings>, simulatorEnv: Record<string, string>, upstream: ProviderSettings[],
  options: BenchOptions): Promise<ScenarioResult[]> {
  const { results } = await onSecondService(children, settings, simulatorEnv, upstream, options, {
    name: 'the read cache on',
    env: { READ_CACHE_TTL_MS: String(READ_CACHE_TTL_MS), REDIS_URL: '' },
    scenarios: options.readCache,
    suffix: `read cache on (${READ_CACHE_TTL_MS / 1000} s, memory)`,
    flag: 'readCache',
  });
  return results;
}

/**
 * The --tracing scenarios on a second service with OpenTelemetry on through the standard
 * variables, as an operator turns it on: every request sampled, spans exported over OTLP
 * (http/protobuf) to a receiver on loopback that answers at once (otlp-receiver.ts), the batch
 * processor at its defaults. OTEL_LOG_LEVEL=warn makes the SDK say so (on stderr) if it ever
 * drops spans or fails an export, which would make tracing look cheaper than it is.
 */
async function withTracing(children: Children, settings: Record<Provider, ProviderSettings>, simulatorEnv: Record<string, string>, upstream: ProviderSettings[],
  options: BenchOptions, off: { pid: number; targets: Targets }): Promise<{ results: ScenarioResult[]; exports: TracingExports; rounds: TracingRounds[] }> {
  const receiver = await startOtlpReceiver();
  try {
    const { results, answered, rounds } = await onSecondService(children, settings, simulatorEnv, upstream, options, {
      name: 'tracing on',
      env: {
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_TRACES_SAMPLER: 'always_on',
        OTEL_LOG_LEVEL: 'warn',
      },
      scenarios: options.tracing,
      suffix: 'tracing on (100%, OTLP to loopback)',
      flag: 'tracing',
      alternateWith: off,
    });
    // The service is stopped, so its last spans were flushed (service.ts shuts the SDK down).
    return { results, exports: { ...receiver.counts(), answeredRequests: answered }, rounds };
  } finally {
    await receiver.close();
  }
}

/** One measured run of one scenario on one build: its figures, the process's CPU and memory around it. */
async function measure(children: Children, id: ScenarioId, targets: Targets, pid: number, flavour: Flavour,
  upstream: ProviderSettings[], options: BenchOptions): Promise<BuildFigures> {
  const before = await settledUpstreamCalls(upstream);
  const cpuBefore = await cpuMsOf(pid);
  const run = await runLoad(children, { scenario: id, targets, connections: options.connections, durationS: options.durationS, flavour });
  const calls = (await settledUpstreamCalls(upstream)) - before;
  const cpuAfter = await cpuMsOf(pid);
  const memory = await memoryOf(pid);
  const errors = run.non2xx + run.socketErrors + run.badBodies;
  progress(`measured ${id}${flavour === 'plain' ? ' (plain build)' : ''}: ${run.requestsPerSec.toFixed(0)} req/s, ${errors} errors`);
  return {
    requestsPerSec: run.requestsPerSec,
    latencyP50Ms: run.latencyMs.p50,
    latencyP99Ms: run.latencyMs.p99,
    errors,
    errorDetail: { non2xx: run.non2xx, socketErrors: run.socketErrors, timeouts: run.timeouts, badBodies: run.badBodies },
    completed: run.completed,
    sent: run.sent,
    upstreamCalls: calls,
    upstreamCallsPerOp: run.completed > 0 ? calls / run.completed : 0,
    expectedCallsPerOp: scenario(id).distinctIds,
    serviceRssBytes: memory?.rss ?? null,
    allocatedBytesPerRequest: null,
    gc: null,
    // Scenario 1 does not go through the service: its CPU figure would be meaningless.
    serviceCpuUsPerRequest: cpuBefore !== null && cpuAfter !== null && run.completed > 0 && id !== '1'
      ? ((cpuAfter - cpuBefore) * 1000) / run.completed
      : null,
  };
}

/**
 * Bytes the process allocated per answered request over a short run of the scenario, and what
 * its garbage collector did over the same run (allocation.ts).
 */
async function allocationPerRequest(children: Children, child: Child, id: ScenarioId, targets: Targets, flavour: Flavour,
  options: BenchOptions): Promise<Pick<BuildFigures, 'allocatedBytesPerRequest' | 'gc'>> {
  child.process.send({ allocation: 'start' });
  const run = await runLoad(children, { scenario: id, targets, connections: options.connections, durationS: Math.min(options.durationS, ALLOCATION_RUN_S), flavour });
  child.process.send({ allocation: 'stop' });
  const { bytes, gc } = await child.nextLine((line) => {
    if (typeof line.error === 'string') throw new Error(`${child.name}: ${line.error}`);
    return typeof line.allocatedBytes === 'number' ? { bytes: line.allocatedBytes, gc: line.gc as GcSummary | null } : undefined;
  }, 30_000);
  const requests = Math.max(1, run.completed);
  const figures = { allocatedBytesPerRequest: bytes / requests, gc: gcPerRequest(gc, requests) };
  progress(`allocation ${id}${flavour === 'plain' ? ' (plain build)' : ''}: ${(figures.allocatedBytesPerRequest / 1024).toFixed(0)} KB/request, ${gcText(figures.gc)}`);
  return figures;
}

/** The plain build, pointed at the same simulators. */
async function startPlain(children: Children, settings: Record<Provider, ProviderSettings>) {
  const upstream = Object.fromEntries(Object.entries(settings).map(([provider, s]) => [provider, { baseUrl: s.baseUrl, headers: s.headers }]));
  const nodeFlags = (process.env.npm_package_config_nodeFlags ?? '').split(' ').filter(Boolean);
  const child = children.spawnNode('plain', join(here, 'plain-service.js'), {
    nodeArgs: nodeFlags,
    env: { ...process.env, NODE_ENV: 'production', PLAIN_UPSTREAM: JSON.stringify(upstream) },
  });
  const url = await child.nextLine((line) => (typeof line.url === 'string' ? line.url : undefined), 30_000);
  assertLoopback(url);
  return { child, url };
}

async function verifyScenario(id: ScenarioId, targets: Targets, flavour: Flavour): Promise<void> {
  const request = scenario(id).build(targets, flavour);
  assertLoopback(request.url);
  const body = request.nextBody?.() ?? request.body;
  const response = await fetch(request.url, { method: request.method, headers: request.headers, ...(body !== undefined ? { body } : {}) });
  const problem = request.check(response.status, await response.text());
  if (problem) throw new Error(`scenario ${id} (${flavour}) does not answer as it should, so it is not worth measuring: ${problem}`);
}

/** One load-generator process for one run; its stdout's JSON line is the summary. */
async function runLoad(children: Children, job: LoadJob): Promise<LoadSummary> {
  const load = children.spawnNode(`load ${job.scenario}`, join(here, 'load.js'), { args: [JSON.stringify(job)] });
  try {
    return await load.nextLine((line) => (line.scenario === job.scenario ? (line as unknown as LoadSummary) : undefined), job.durationS * 1000 + 30_000);
  } finally {
    await load.stop();
  }
}

/** The service's heap after a full GC (it answers SIGUSR2 with one JSON line). */
async function heapAfterGc(service: Child): Promise<number> {
  service.process.kill('SIGUSR2');
  return service.nextLine((line) => {
    if (typeof line.error === 'string') throw new Error(`service: ${line.error}`);
    return typeof line.heapUsedAfterGc === 'number' ? line.heapUsedAfterGc : undefined;
  }, 10_000);
}

/**
 * Scenario 2b at full load for --soak seconds after its warm-up, comparing the heap after a
 * full GC before and after: what a long run leaves behind that a short one would not show.
 */
async function soakRun(children: Children, service: Child, targets: Targets, upstream: ProviderSettings[], options: BenchOptions): Promise<SoakResult> {
  const job = (durationS: number): LoadJob => ({ scenario: '2b', targets, connections: options.connections, durationS });
  if (options.warmupS > 0) await runLoad(children, job(options.warmupS));
  await settledUpstreamCalls(upstream);
  const heapUsedAfterGcBefore = await heapAfterGc(service);
  progress(`soak: scenario 2b for ${options.soakS} s`);
  const run = await runLoad(children, job(options.soakS));
  await settledUpstreamCalls(upstream);
  const heapUsedAfterGcAfter = await heapAfterGc(service);
  return {
    seconds: options.soakS,
    requestsPerSec: run.requestsPerSec,
    errors: run.non2xx + run.socketErrors + run.badBodies,
    heapUsedAfterGcBefore,
    heapUsedAfterGcAfter,
    changePercent: ((heapUsedAfterGcAfter - heapUsedAfterGcBefore) / heapUsedAfterGcBefore) * 100,
  };
}

main().then(
  // Explicit exits: idle keep-alive sockets of fetch must not hold a finished run open.
  () => process.exit(),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
