import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ALLOCATION_RUN_S } from './allocation.js';
import type { GcSummary } from './gc-summary.js';
import type { BenchOptions } from './options.js';
import type { ScenarioId } from './scenarios.js';

/** The figures of one run, printed as a table and written as JSON. */

/** What one measured run of one scenario on one build (ours or the plain build) gave. */
export interface BuildFigures {
  requestsPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** non-2xx + socket errors (timeouts included) + bodies that failed the check. */
  errors: number;
  errorDetail: { non2xx: number; socketErrors: number; timeouts: number; badBodies: number };
  completed: number;
  /** Requests written; the few over `completed` were in flight when the run stopped (yet reached upstream). */
  sent: number;
  upstreamCalls: number;
  /** upstreamCalls / completed: equals expectedCallsPerOp unless requests share upstream reads. */
  upstreamCallsPerOp: number;
  expectedCallsPerOp: number;
  /** The process's resident memory right after this scenario (scenario 1 does not touch it). */
  serviceRssBytes: number | null;
  /** The process's CPU time (user + system) per completed request, in µs; null for scenario 1. */
  serviceCpuUsPerRequest: number | null;
  /** Bytes allocated per answered request (V8's sampling, in a run of its own); null for scenario 1. */
  allocatedBytesPerRequest: number | null;
  /** What the garbage collector did in that same run, per answered request; null for scenario 1. */
  gc: GcFigures | null;
}

/** Garbage collection per answered request (gc-summary.ts): main-thread pauses. */
export interface GcFigures {
  /** µs in scavenges, in old-generation work, in the rest (weak callbacks, unnamed). */
  minorUsPerRequest: number;
  majorUsPerRequest: number;
  otherUsPerRequest: number;
  /** Share of the young generation its scavenges kept (copied or promoted), 0 to 1. */
  youngKept: number;
}

export function gcPerRequest(gc: GcSummary | null, requests: number): GcFigures | null {
  if (!gc) return null;
  return {
    minorUsPerRequest: gc.minorUs / requests,
    majorUsPerRequest: gc.majorUs / requests,
    otherUsPerRequest: gc.otherUs / requests,
    youngKept: gc.youngBytes > 0 ? gc.survivedBytes / gc.youngBytes : 0,
  };
}

/** "GC 47 µs/request (scavenges 41 µs, old generation 6 µs), 18% of the young generation kept" */
export function gcText(gc: GcFigures | null): string {
  if (!gc) return 'GC —';
  const minor = Math.round(gc.minorUsPerRequest);
  const major = Math.round(gc.majorUsPerRequest);
  const other = Math.round(gc.otherUsPerRequest);
  const parts = [`scavenges ${minor} µs`, `old generation ${major} µs`, ...(other > 0 ? [`other ${other} µs`] : [])];
  return `GC ${minor + major + other} µs/request (${parts.join(', ')}), ${(gc.youngKept * 100).toFixed(0)}% of the young generation kept`;
}

export interface ScenarioResult extends BuildFigures {
  id: ScenarioId;
  title: string;
  /**
   * requests/s over scenario 1's in the same run (null when 1 was not run): absolute figures
   * drift with whatever else a shared machine is doing, ratios much less.
   */
  ratioToLimit: number | null;
  /** The same scenario on the plain build; null where it has no counterpart (scenario 1, read-cache rows). */
  plain: BuildFigures | null;
  /** Measured on the second service, the one with the read cache on (--read-cache). */
  readCache?: boolean;
  /** Measured on the service with tracing on (--tracing). */
  tracing?: boolean;
}

/** What the loopback OTLP receiver got from the --tracing service over its life (check, warm-ups, runs). */
export interface TracingExports {
  /** POST /v1/traces received. */
  requests: number;
  /** Their body bytes (protobuf). */
  bytes: number;
  /** GraphQL requests that service answered in that time. */
  answeredRequests: number;
}

/** A --tracing scenario's off/on rounds (run.ts's TRACING_ROUNDS): CPU per request of each run, in µs. */
export interface TracingRounds {
  id: ScenarioId;
  offCpuUsPerRequest: number[];
  onCpuUsPerRequest: number[];
}

export interface SoakResult {
  seconds: number;
  requestsPerSec: number;
  errors: number;
  heapUsedAfterGcBefore: number;
  heapUsedAfterGcAfter: number;
  changePercent: number;
}

export interface BenchReport {
  date: string;
  node: string;
  cpus: number;
  options: BenchOptions;
  coldStart: { listeningMs: number; firstAnswerMs: number };
  scenarios: ScenarioResult[];
  servicePeakRssBytes: number | null;
  plainPeakRssBytes: number | null;
  soak: SoakResult | null;
  /** Null without --tracing rows. */
  tracingExports: TracingExports | null;
  /** Empty without --tracing rows. */
  tracingRounds: TracingRounds[];
}

const mb = (bytes: number | null) => (bytes === null ? '—' : (bytes / 1024 / 1024).toFixed(0));
const ms = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

/** A Markdown table (readable in a terminal, pasteable into the README) and the summary lines. */
export function formatReport(report: BenchReport): string {
  const header = ['scenario', 'req/s', 'vs 1', 'p50 ms', 'p99 ms', 'errors', 'upstream calls/op (expected)', 'service CPU µs/req', 'service RSS MB'];
  const rows = report.scenarios.map((s) => [
    `${s.id}. ${s.title}`,
    s.requestsPerSec.toFixed(0),
    s.ratioToLimit === null ? '—' : s.ratioToLimit.toFixed(2),
    ms(s.latencyP50Ms),
    ms(s.latencyP99Ms),
    String(s.errors),
    `${s.upstreamCallsPerOp.toFixed(2)} (${s.expectedCallsPerOp})`,
    s.serviceCpuUsPerRequest === null ? '—' : s.serviceCpuUsPerRequest.toFixed(0),
    mb(s.serviceRssBytes),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const { options: o } = report;
  const out = [
    `${o.connections} connections, ${o.warmupS} s warm-up + ${o.durationS} s per scenario, simulator latency ${o.latencyMs} ms; node ${report.node}, ${report.cpus} CPUs`,
    '',
    line(header),
    `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...rows.map(line),
    '',
    `cold start: listening after ${report.coldStart.listeningMs.toFixed(0)} ms, first answered query after ${report.coldStart.firstAnswerMs.toFixed(0)} ms (from spawning the service)`,
    `service peak RSS (VmHWM): ${mb(report.servicePeakRssBytes)} MB`,
    ...allocation(report),
    ...garbageCollection(report),
    ...tracingCost(report),
    ...versusPlain(report),
  ];
  if (report.soak) {
    const s = report.soak;
    out.push(`soak: scenario 2b for ${s.seconds} s at ${s.requestsPerSec.toFixed(0)} req/s, ${s.errors} errors; heap used after GC ${mb(s.heapUsedAfterGcBefore)} MB → ${mb(s.heapUsedAfterGcAfter)} MB (${s.changePercent >= 0 ? '+' : ''}${s.changePercent.toFixed(1)}%)`);
  }
  return out.join('\n');
}

const kb = (bytes: number | null | undefined) => (bytes == null ? '—' : `${(bytes / 1024).toFixed(0)} KB`);

/** Bytes allocated per request, ours (and the plain build's), scenario by scenario. */
function allocation(report: BenchReport): string[] {
  const sampled = report.scenarios.filter((s) => s.allocatedBytesPerRequest !== null);
  if (sampled.length === 0) return [];
  return [`allocated per request (V8 sampling, own ${Math.min(report.options.durationS, ALLOCATION_RUN_S)} s run): ${sampled
    .map((s) => `${s.id} ${kb(s.allocatedBytesPerRequest)}${s.plain ? ` (plain ${kb(s.plain.allocatedBytesPerRequest)})` : ''}`)
    .join(', ')}`];
}

/** What the garbage collector did per request in those same runs, ours and the plain build's. */
function garbageCollection(report: BenchReport): string[] {
  const sampled = report.scenarios.filter((s) => s.gc !== null);
  if (sampled.length === 0) return [];
  return ['garbage collection in those runs (node:v8 GCProfiler, main-thread pauses):', ...sampled.map((s) =>
    `  ${s.id}: ${gcText(s.gc)}${s.plain ? `; plain build ${gcText(s.plain.gc)}` : ''}`)];
}

/**
 * Tracing's cost: each --tracing scenario's CPU per request over the same scenario's with
 * tracing off (the first service, same run), and what went to the receiver.
 */
function tracingCost(report: BenchReport): string[] {
  const traced = report.scenarios.filter((s) => s.tracing);
  if (traced.length === 0) return [];
  const lines = traced.map((s) => {
    const off = report.scenarios.find((r) => r.id === s.id && !r.tracing && !r.readCache)?.serviceCpuUsPerRequest ?? null;
    const on = s.serviceCpuUsPerRequest;
    return `tracing on ÷ off, CPU per request, ${s.id}, the two rows (measured apart): ${ratio(on, off)} (${on?.toFixed(0) ?? '—'} vs ${off?.toFixed(0) ?? '—'} µs)`;
  });
  // The fairer figure: off and on measured in turn (the rows above are a minute apart).
  for (const r of report.tracingRounds) {
    const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
    const each = r.onCpuUsPerRequest.map((on, i) => `${ratio(on, r.offCpuUsPerRequest[i])} (${on.toFixed(0)} vs ${r.offCpuUsPerRequest[i]!.toFixed(0)})`);
    lines.push(`tracing on ÷ off, CPU per request, ${r.id}, ${r.onCpuUsPerRequest.length} rounds in turn: ${ratio(mean(r.onCpuUsPerRequest), mean(r.offCpuUsPerRequest))} `
      + `(${mean(r.onCpuUsPerRequest).toFixed(0)} vs ${mean(r.offCpuUsPerRequest).toFixed(0)} µs; each: ${each.join(', ')})`);
  }
  const e = report.tracingExports;
  if (e) {
    lines.push(`OTLP receiver: ${e.requests} exports, ${(e.bytes / 1024 / 1024).toFixed(1)} MB, ${(e.bytes / Math.max(1, e.answeredRequests)).toFixed(0)} bytes per answered request`);
  }
  return lines;
}

const ratio = (a: number | null | undefined, b: number | null | undefined) => (a == null || b == null || b === 0 ? '—' : `${(a / b).toFixed(2)}×`);

/**
 * Us against the plain build (Apollo Server standalone + one RESTDataSource per provider, no
 * DataLoader, no resilience), scenario by scenario: the comparison a user makes.
 */
function versusPlain(report: BenchReport): string[] {
  const compared = report.scenarios.filter((s) => s.plain !== null);
  if (compared.length === 0) return [];
  const header = ['scenario', 'us req/s', 'plain req/s', 'req/s us ÷ plain', 'us CPU µs/req', 'plain CPU µs/req', 'CPU us ÷ plain', 'plain errors'];
  const rows = compared.map((s) => [
    `${s.id}. ${s.title}${s.id === '4' ? ' (plain: clients(ids), same ids)' : ''}`,
    s.requestsPerSec.toFixed(0),
    s.plain!.requestsPerSec.toFixed(0),
    ratio(s.requestsPerSec, s.plain!.requestsPerSec),
    s.serviceCpuUsPerRequest?.toFixed(0) ?? '—',
    s.plain!.serviceCpuUsPerRequest?.toFixed(0) ?? '—',
    ratio(s.serviceCpuUsPerRequest, s.plain!.serviceCpuUsPerRequest),
    String(s.plain!.errors),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const cpu = (id: string, plain: boolean) => {
    const s = report.scenarios.find((r) => r.id === id && !r.readCache && !r.tracing);
    return (plain ? s?.plain?.serviceCpuUsPerRequest : s?.serviceCpuUsPerRequest) ?? null;
  };
  const random = cpu('2b', false);
  const hot = cpu('2', false);
  const perCall = random === null || hot === null ? '— (needs scenarios 2 and 2b)' : `${(random - hot).toFixed(0)} µs`;
  return [
    '',
    'Against the plain build (Apollo Server standalone, one RESTDataSource per provider, no DataLoader, no resilience), same simulators, same run:',
    '',
    line(header),
    `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...rows.map(line),
    '',
    `peak RSS (VmHWM): us ${mb(report.servicePeakRssBytes)} MB, plain build ${mb(report.plainPeakRssBytes)} MB (${ratio(report.servicePeakRssBytes, report.plainPeakRssBytes)})`,
    // The plain build calls upstream for the hot client too, so the difference says nothing there.
    `service CPU per upstream call (2b random read − 2 hot read, ours): ${perCall}`,
  ];
}

export async function writeReport(path: string, report: BenchReport): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
}
