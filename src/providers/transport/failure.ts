/**
 * What a failed exchange means, read the same on every Node version. Node 20 reports a refused
 * connection as one error with code ECONNREFUSED. Node 22 and 24 try a host's addresses in
 * turn (network-family autoselection) and may wrap the refusals of each address in an
 * AggregateError (`.errors`, with the code on the inner errors and the outer one's code
 * ETIMEDOUT or missing), or fail with ERR_SOCKET_CLOSED_BEFORE_CONNECTION; got passes any of
 * these on as a RequestError whose `cause` is the original. So the whole chain is searched.
 */

export type FailureKind = 'timeout' | 'refused' | 'connection';

export interface Failure {
  kind: FailureKind;
  /** The most telling code found (for the message and the logs), e.g. ECONNREFUSED. */
  code: string;
}

/** Codes that mean no connection was ever made, so no byte of the request left. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ERR_SOCKET_CLOSED_BEFORE_CONNECTION']);

/**
 * `timeout` is only got's own request timeout (a TimeoutError): a connect attempt that timed
 * out inside the autoselection is a connection failure like any other.
 */
export function classifyFailure(error: unknown): Failure {
  if (isGotTimeout(error)) return { kind: 'timeout', code: 'ETIMEDOUT' };
  const codes = codesOf(error);
  const refused = codes.find((code) => code === 'ECONNREFUSED') ?? codes.find((code) => NEVER_CONNECTED.has(code));
  if (refused) return { kind: 'refused', code: refused };
  return { kind: 'connection', code: codes.find((code) => code !== 'ERR_GOT_REQUEST_ERROR') ?? 'ERROR' };
}

function isGotTimeout(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'TimeoutError';
}

/** Every `code` in the error, its `cause` chain and any AggregateError's `errors`, outermost first. */
function codesOf(error: unknown, seen = new Set<unknown>()): string[] {
  if (error === null || typeof error !== 'object' || seen.has(error)) return [];
  seen.add(error);
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  const own = typeof code === 'string' ? [code] : [];
  const inner = Array.isArray(errors) ? errors.flatMap((e) => codesOf(e, seen)) : [];
  return [...own, ...codesOf(cause, seen), ...inner];
}
