import { Provider } from '../../clients/client.js';
import { UpstreamError } from '../errors.js';
import { base, isRecord, type Credential } from '../http.js';

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
  let body: unknown;
  try {
    const response = await base.post('Authorization/Authorize', {
      prefixUrl: baseUrl,
      headers: { api_key: apiKey },
      timeout: { request: timeoutMs },
      retry: { limit: 0 },
      throwHttpErrors: false,
    });
    body = JSON.parse(response.body);
  } catch {
    throw new UpstreamError('UPSTREAM_UNAVAILABLE', Provider.FATORA, 'Fatora could not issue a token (no usable answer from its Authorize endpoint)');
  }
  if (isRecord(body) && body.success === true && typeof body.bearer_token === 'string') return body.bearer_token;
  throw new UpstreamError('UPSTREAM_UNAUTHORIZED', Provider.FATORA, 'Fatora refused our API key');
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
