import type { ClientRecord } from '../../clients/client.js';
import { UpstreamError, WriteRefusedError, type FieldProblem } from '../../clients/errors.js';
import type { ProviderFacts } from '../../clients/provider.js';
import { parseJson, TooDeepError } from '../json.js';
import { retryAfterMs } from '../retry.js';
import { withoutSecrets } from '../scrub.js';
import type { Answer } from '../transport/exchange.js';

/**
 * Reading a provider's answers: the response every provider module gets, the statuses that mean
 * the same at every provider, and the errors a module builds from the rest of its answers.
 */

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /**
   * The body parsed as JSON, or `undefined` when it is not JSON (Daftra's 401 is HTML). Every
   * credential value the call used has been cut out of it.
   */
  json: unknown;
}

/** Who sent an answer, for an error about it: the module's id and label. */
export type Sender = Pick<ProviderFacts, 'id' | 'label'>;

/** The answer with the call's credentials cut out of its body, parsed. */
export function toResponse(sender: Sender, answer: Answer, secrets: string[]): UpstreamResponse {
  let json: unknown;
  try {
    json = parseJson(withoutSecrets(answer.text, secrets));
  } catch (error) {
    if (error instanceof TooDeepError) throw badResponse(sender, `an answer with ${error.message}`);
    throw error;
  }
  return { status: answer.status, headers: answer.headers, json };
}

/**
 * Throws the UpstreamError for the statuses that mean the same at every provider
 * (credentials refused, rate limited, provider down). Other statuses are for the caller.
 */
export function failOnStatus({ id: provider, label }: Sender, response: UpstreamResponse): void {
  const { status } = response;
  if (status === 401 || status === 403) {
    throw new UpstreamError('UPSTREAM_UNAUTHORIZED', `${label} refused our credentials (HTTP ${status})`, { provider, status });
  }
  if (status === 429) {
    const waitMs = retryAfterMs(response.headers['retry-after']);
    const retryAfter = waitMs === undefined ? undefined : Math.ceil(waitMs / 1000);
    throw new UpstreamError('UPSTREAM_RATE_LIMITED', `${label} is rate limiting us (HTTP 429)`, { provider, retryAfter, status });
  }
  if (status >= 500) {
    throw new UpstreamError('UPSTREAM_UNAVAILABLE', `${label} is unavailable (HTTP ${status})`, { provider, status });
  }
}

/**
 * Whether a read's answer says "no such client". Only a 404 in the provider's own error shape
 * does: any other 404 (a wrong base URL, a proxy's error page) would otherwise turn every
 * client into null without a word, so it is a bad response.
 */
export function isMissing(sender: Sender, response: UpstreamResponse, isOwnError: (body: unknown) => boolean): boolean {
  if (response.status !== 404) return false;
  if (isOwnError(response.json)) return true;
  throw badResponse(sender, `a 404 that is not its own error answer (is the base URL right?)`);
}

/** The error for a body that is not what the provider documents: "Fatora sent …". */
export function badResponse(sender: Sender, what: string): UpstreamError {
  return new UpstreamError('UPSTREAM_BAD_RESPONSE', `${sender.label} sent ${what}`, { provider: sender.id });
}

/**
 * The client an answer about `askedId` carries, when it is that client: `answersTo` are the ids
 * the provider's answer says it can be read by (its module knows which field of the answer
 * holds each). A record of another client (a provider's or a caching proxy's mix-up) is
 * UPSTREAM_BAD_RESPONSE: it is never served as the one asked for, nor written from.
 */
export function answerFor(sender: Sender, askedId: string, client: ClientRecord, answersTo: readonly string[]): ClientRecord {
  if (answersTo.includes(askedId)) return client;
  throw badResponse(sender, `client ${client.providerId} when asked for client ${askedId}`);
}

/** Whether the answer is a 2xx. */
export function isSuccess(response: UpstreamResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

/**
 * The error for a write the provider understood and refused: a conflict (409), no such client
 * (404), else rejected. `message` is the provider's own text, when it sent one.
 */
export function writeRefused(sender: Sender, response: UpstreamResponse, message: string | null | undefined, problems?: FieldProblem[]): WriteRefusedError {
  const kind = response.status === 409 ? 'CONFLICT' : response.status === 404 ? 'NOT_FOUND' : 'REJECTED';
  return new WriteRefusedError(kind, message ?? refusalText(sender, response), { provider: sender.id, problems });
}

/** What a refusal says when the provider's answer says nothing: "Daftra refused the request (HTTP 422)". */
export function refusalText(sender: Sender, response: UpstreamResponse): string {
  return `${sender.label} refused the request (HTTP ${response.status})`;
}
