import { UpstreamError } from '../../clients/errors.js';
import type { Sender } from '../http/answers.js';
import type { Credential } from '../http/call.js';
import { isRecord, parseJson } from '../json.js';
import { BodyTooLargeError, createTransport, type Answer } from '../transport/exchange.js';
import { classifyFailure } from '../transport/failure.js';

/** The token endpoint's own connection (a renewal is rare; one socket is plenty). */
const transport = createTransport(1);

/**
 * Fatora's bearer tokens, obtained for an API key at /Authorization/Authorize and reused
 * until shortly before the JWT's `exp`. Concurrent callers share one renewal. Only the
 * server's own key is cached here; a request's own token (x-fatora-token) never is.
 * `always` are the headers Fatora wants on every call (its JSON content type): sent with the
 * token, and on the token call itself.
 */
export function createTokenCredential(
  fatora: Sender, baseUrl: string, apiKey: string, timeoutMs: number, always: Record<string, string>,
): Credential {
  let current: { token: string; renewAt: number } | null = null;
  let renewing: Promise<string> | null = null;
  // Fatora's docs show the call as a GET with the key in a header; should a deployment answer
  // 405 to that, the POST this service used before is tried once, and kept from then on.
  const method = { current: 'GET' as 'GET' | 'POST' };

  function renew(): Promise<string> {
    renewing ??= authorize(fatora, baseUrl, { api_key: apiKey, ...always }, timeoutMs, method)
      .then((token) => {
        current = { token, renewAt: renewalTime(token) };
        return token;
      })
      .finally(() => { renewing = null; });
    return renewing;
  }

  return {
    async headers() {
      const token = current && Date.now() < current.renewAt ? current.token : await renew();
      // Object.assign, not a spread (a slow path on Node 20, see providers/http/call-loop.ts): made per call.
      return Object.assign({}, always, { authorization: `Bearer ${token}` });
    },
    async renew(used) {
      // Renew unless another caller already replaced the token that was refused.
      if (current && used.authorization === `Bearer ${current.token}`) current = null;
      if (!current) await renew();
      return true;
    },
  };
}

async function authorize(
  fatora: Sender, baseUrl: string, headers: Record<string, string>, timeoutMs: number, method: { current: 'GET' | 'POST' },
): Promise<string> {
  let response = await call(fatora, baseUrl, headers, timeoutMs, method.current);
  if (response.status === 405 && method.current === 'GET') {
    method.current = 'POST';
    response = await call(fatora, baseUrl, headers, timeoutMs, 'POST');
  }
  let body: unknown;
  try {
    body = parseJson(response.text);
  } catch {
    body = undefined; // nested absurdly deep: not an answer we can use
  }
  if (isRecord(body) && body.success === true && typeof body.bearer_token === 'string') return body.bearer_token;
  const { status } = response;
  if (status === 429) throw new UpstreamError('UPSTREAM_RATE_LIMITED', `${fatora.label} is rate limiting its token endpoint (HTTP 429)`, { provider: fatora.id, status });
  if (status >= 500) throw new UpstreamError('UPSTREAM_UNAVAILABLE', `${fatora.label}'s token endpoint is unavailable (HTTP ${status})`, { provider: fatora.id, status });
  // A refusal: HTTP 401/403, or an answer such as {"status":"ERROR","error":"Invalid API Key"}.
  if (isRecord(body) || status === 401 || status === 403) {
    throw new UpstreamError('UPSTREAM_UNAUTHORIZED', `${fatora.label} refused our API key`, { provider: fatora.id, status });
  }
  throw new UpstreamError('UPSTREAM_BAD_RESPONSE', `${fatora.label}'s token endpoint sent a non-JSON answer (HTTP ${status})`, { provider: fatora.id, status });
}

/** One Authorize exchange; `headers` carry the key (`api_key`) and the JSON content type. */
async function call(fatora: Sender, baseUrl: string, headers: Record<string, string>, timeoutMs: number, method: 'GET' | 'POST'): Promise<Answer> {
  try {
    return await transport.send({
      method, url: `${baseUrl}/Authorization/Authorize`, headers, timeoutMs, maxBodyBytes: 64 * 1024,
    });
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      throw new UpstreamError('UPSTREAM_BAD_RESPONSE', `${fatora.label}'s token endpoint sent ${error.message}`, { provider: fatora.id });
    }
    const failure = classifyFailure(error);
    if (failure.kind === 'timeout') {
      throw new UpstreamError('UPSTREAM_TIMEOUT', `${fatora.label}'s token endpoint did not answer within ${timeoutMs} ms`, { provider: fatora.id });
    }
    throw new UpstreamError('UPSTREAM_UNAVAILABLE', `${fatora.label}'s token endpoint could not be reached (${failure.code})`, { provider: fatora.id });
  }
}

/**
 * When to renew: a fifth of the token's lifetime (at most a minute) before its `exp`. A token
 * without a readable `exp` is used until Fatora refuses it.
 */
function renewalTime(token: string): number {
  const exp = expiry(token);
  if (exp === null) return Number.POSITIVE_INFINITY;
  const lifetime = Math.max(0, exp - Date.now());
  return exp - Math.min(60_000, lifetime / 5);
}

function expiry(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}
