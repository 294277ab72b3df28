import { Provider } from '../../clients/client.js';
import { UpstreamError } from '../errors.js';
import { RequestError, TimeoutError } from 'got';
import { base, isRecord, type Credential } from '../http.js';
import { parseJson } from '../json.js';

/**
 * Fatora's bearer tokens, obtained for an API key at POST /Authorization/Authorize and reused
 * until shortly before the JWT's `exp`. Concurrent callers share one renewal. Only the
 * server's own key is cached here; a request's own token (x-fatora-token) never is.
 */
export function createTokenCredential(baseUrl: string, apiKey: string, timeoutMs: number): Credential {
  let current: { token: string; renewAt: number } | null = null;
  let renewing: Promise<string> | null = null;

  function renew(): Promise<string> {
    renewing ??= authorize(baseUrl, apiKey, timeoutMs)
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
      return { authorization: `Bearer ${token}` };
    },
    async renew(used) {
      // Renew unless another caller already replaced the token that was refused.
      if (current && used.authorization === `Bearer ${current.token}`) current = null;
      if (!current) await renew();
      return true;
    },
  };
}

async function authorize(baseUrl: string, apiKey: string, timeoutMs: number): Promise<string> {
  let response;
  try {
    response = await base.post(`${baseUrl}/Authorization/Authorize`, {
      headers: { api_key: apiKey },
      timeout: { request: timeoutMs },
      retry: { limit: 0 },
      throwHttpErrors: false,
    });
  } catch (error) {
    if (error instanceof TimeoutError) {
      throw new UpstreamError('UPSTREAM_TIMEOUT', Provider.FATORA, `Fatora's token endpoint did not answer within ${timeoutMs} ms`);
    }
    throw new UpstreamError('UPSTREAM_UNAVAILABLE', Provider.FATORA, `Fatora's token endpoint could not be reached (${(error as RequestError).code})`);
  }
  const body = parseJson(response.body);
  if (isRecord(body) && body.success === true && typeof body.bearer_token === 'string') return body.bearer_token;
  const { statusCode: status } = response;
  if (status === 429) throw new UpstreamError('UPSTREAM_RATE_LIMITED', Provider.FATORA, 'Fatora is rate limiting its token endpoint (HTTP 429)', undefined, status);
  if (status >= 500) throw new UpstreamError('UPSTREAM_UNAVAILABLE', Provider.FATORA, `Fatora's token endpoint is unavailable (HTTP ${status})`, undefined, status);
  // A refusal: HTTP 401/403, or an answer such as {"status":"ERROR","error":"Invalid API Key"}.
  if (isRecord(body) || status === 401 || status === 403) {
    throw new UpstreamError('UPSTREAM_UNAUTHORIZED', Provider.FATORA, 'Fatora refused our API key', undefined, status);
  }
  throw new UpstreamError('UPSTREAM_BAD_RESPONSE', Provider.FATORA, `Fatora's token endpoint sent a non-JSON answer (HTTP ${status})`, undefined, status);
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
