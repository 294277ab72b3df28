import autocannon from 'autocannon';
import { assertLoopback } from './loopback.js';
import { exitWithParent, printJsonLine } from './parent-watch.js';
import { scenario, type Flavour, type ScenarioId, type Targets } from './scenarios.js';

/**
 * Benchmark process (c): the load generator, in its own process so its CPU does not count as
 * the service's. Given a job as JSON (argv[2], or stdin when there is none), runs autocannon
 * against the scenario's target and prints one JSON line, the result summary (LoadSummary).
 */

export interface LoadJob {
  scenario: ScenarioId;
  targets: Targets;
  connections: number;
  durationS: number;
  /** The build measured (default: this service). */
  flavour?: Flavour;
}

export interface LoadSummary {
  scenario: ScenarioId;
  durationS: number;
  /** autocannon's mean of its per-second samples. */
  requestsPerSec: number;
  /** Answers received. */
  completed: number;
  /** Requests written, answered or not (those in flight when the run stopped are sent but not completed). */
  sent: number;
  latencyMs: { p50: number; p99: number; mean: number; max: number };
  non2xx: number;
  /** Socket errors, timeouts included. */
  socketErrors: number;
  timeouts: number;
  /** 2xx answers whose body failed the scenario's check (a GraphQL `errors` entry, a missing client). */
  badBodies: number;
}

async function readJob(): Promise<LoadJob> {
  if (process.argv[2]) return JSON.parse(process.argv[2]) as LoadJob;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as LoadJob;
}

async function main(): Promise<void> {
  exitWithParent();
  const job = await readJob();
  const request = scenario(job.scenario).build(job.targets, job.flavour ?? 'service');
  assertLoopback(request.url);
  const { nextBody } = request;
  const result = await autocannon({
    url: request.url,
    connections: job.connections,
    duration: job.durationS,
    method: request.method,
    headers: request.headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
    // A fresh body for each request (random client, unique name), built as it is sent.
    ...(nextBody ? { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, body: nextBody() }) }] } : {}),
    verifyBody: (body) => request.verify(String(body)),
  });
  const summary: LoadSummary = {
    scenario: job.scenario,
    durationS: result.duration,
    requestsPerSec: result.requests.average,
    completed: result.requests.total,
    sent: result.requests.sent,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, mean: result.latency.mean, max: result.latency.max },
    non2xx: result.non2xx,
    socketErrors: result.errors,
    timeouts: result.timeouts,
    badBodies: result.mismatches,
  };
  printJsonLine(summary);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
