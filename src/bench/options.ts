import { SCENARIO_IDS, type ScenarioId } from './scenarios.js';

/** The benchmark's knobs: env for the load shape, flags for what to run. */
export interface BenchOptions {
  /** Delay of every simulator answer (BENCH_LATENCY_MS). */
  latencyMs: number;
  /** Concurrent connections of the load generator (BENCH_CONNECTIONS). */
  connections: number;
  /** Warm-up of each scenario before any is measured (BENCH_WARMUP_S). */
  warmupS: number;
  /** Measured run of each scenario (BENCH_DURATION_S). */
  durationS: number;
  /** Scenarios to run, in the order of SCENARIO_IDS (--only 2,2b). */
  scenarios: ScenarioId[];
  /** Seconds of scenario 2b for the heap check, 0 = none (--soak 60). */
  soakS: number;
  /**
   * Scenarios also measured on a second service with the read cache on (READ_CACHE_TTL_MS,
   * in memory), as rows of their own (--read-cache 2b,4; default 2b and 4 when they run; none).
   */
  readCache: ScenarioId[];
  /**
   * Scenarios also measured on a second service with OpenTelemetry on (100% sampled, OTLP over
   * http/protobuf to a receiver on loopback), as rows of their own (--tracing 2b; default 2b when it runs; none).
   */
  tracing: ScenarioId[];
}

/** Scenarios the read cache can serve (reads); the default is those of them that run. */
const READ_CACHE_DEFAULT: readonly ScenarioId[] = ['2b', '4'];
/** The random read: the figure the tracing target is about (≤ 1.3× its CPU with tracing off). */
const TRACING_DEFAULT: readonly ScenarioId[] = ['2b'];

export const USAGE = `npm run bench [-- --only 1,2,2b,2c,3,4,5] [-- --soak SECONDS] [-- --read-cache 2b,4|none] [-- --tracing 2b|none]
env: BENCH_LATENCY_MS (5), BENCH_CONNECTIONS (32), BENCH_WARMUP_S (3), BENCH_DURATION_S (10)`;

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const options: BenchOptions = {
    latencyMs: whole(env.BENCH_LATENCY_MS, 'BENCH_LATENCY_MS', 5, 0, 10_000),
    connections: whole(env.BENCH_CONNECTIONS, 'BENCH_CONNECTIONS', 32, 1, 1024),
    warmupS: whole(env.BENCH_WARMUP_S, 'BENCH_WARMUP_S', 3, 0, 600),
    durationS: whole(env.BENCH_DURATION_S, 'BENCH_DURATION_S', 10, 1, 3600),
    scenarios: [...SCENARIO_IDS],
    soakS: 0,
    readCache: [],
    tracing: [],
  };
  let readCache: ScenarioId[] | null = null;
  let tracing: ScenarioId[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const [name, inline] = flag.includes('=') ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)] : [flag, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${name} needs a value\n${USAGE}`);
      return v;
    };
    if (name === '--only') {
      const wanted = value().split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = wanted.filter((id) => !(SCENARIO_IDS as readonly string[]).includes(id));
      if (unknown.length > 0 || wanted.length === 0) throw new Error(`--only takes scenarios from ${SCENARIO_IDS.join(', ')}, not "${unknown.join(',')}"`);
      options.scenarios = SCENARIO_IDS.filter((id) => wanted.includes(id));
    } else if (name === '--read-cache') {
      readCache = serviceScenarios(name, value());
    } else if (name === '--tracing') {
      tracing = serviceScenarios(name, value());
    } else if (name === '--soak') {
      options.soakS = whole(value(), '--soak', 0, 1, 24 * 3600);
    } else {
      throw new Error(`unknown argument "${flag}"\n${USAGE}`);
    }
  }
  options.readCache = readCache ?? READ_CACHE_DEFAULT.filter((id) => options.scenarios.includes(id));
  options.tracing = tracing ?? TRACING_DEFAULT.filter((id) => options.scenarios.includes(id));
  return options;
}

/** A flag's list of scenarios that go through the service (not 1, the simulator alone), or none. */
function serviceScenarios(flag: string, raw: string): ScenarioId[] {
  const wanted = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted.filter((id) => id !== 'none' && !(SCENARIO_IDS as readonly string[]).includes(id));
  if (unknown.length > 0 || wanted.length === 0 || wanted.includes('1')) {
    throw new Error(`${flag} takes scenarios from ${SCENARIO_IDS.slice(1).join(', ')}, or none, not "${[...unknown, ...wanted.filter((id) => id === '1')].join(',') || raw}"`);
  }
  return SCENARIO_IDS.filter((id) => wanted.includes(id));
}

function whole(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  return value;
}
