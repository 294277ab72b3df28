/** Distinct operation names graphql_requests_total labels by default (METRICS_MAX_OPERATIONS). */
export const DEFAULT_MAX_OPERATION_LABELS = 100;

/**
 * The `operation` label of graphql_requests_total. Operation names come from callers: each
 * distinct name would be a series of its own (20,000 names made /metrics 2 MB), so the first
 * `max` distinct names seen keep their own label and every later one is counted as `other`.
 * Names that are not plain GraphQL names are `invalid`; no name is `anonymous`.
 */
export class OperationLabels {
  private readonly seen = new Set<string>();

  constructor(private readonly max: number) {}

  of(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!isPlainName(name)) return 'invalid';
    if (this.seen.has(name)) return name;
    if (this.seen.size >= this.max) return 'other';
    this.seen.add(name);
    return name;
  }
}

/** Whether a caller's operation name is a plain GraphQL name of at most 64 characters. */
export function isPlainName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name);
}
