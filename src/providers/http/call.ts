/**
 * What one upstream call is: its request, where its credential headers come from, and the
 * state its attempts share (the call loop, the rate budget and createHttp all read it).
 */

export interface UpstreamCall {
  method: 'GET' | 'POST' | 'PUT';
  /** Below the base URL, ids already validated: "clients/1024". */
  path: string;
  /** The path's template, for logs and metrics: "clients/:id". */
  route: string;
  body?: unknown;
}

/** Where a call's headers come from: the credential, and any header the provider wants on every call. */
export interface Credential {
  headers(): Promise<Record<string, string>>;
  /** After a 401 to `used`: renew, and say whether one more try is worth it. */
  renew?(used: Record<string, string>): Promise<boolean>;
}

/** Per-call state of the retry loop: when the call's whole budget runs out, attempts so far. */
export interface CallState {
  deadline: number;
  attempts: number;
  /**
   * Whether any attempt may have reached the provider: every one does except a refused
   * connection (transport/failure.ts: no connection was made, so no byte left).
   */
  reached: boolean;
  /** The call's rate budget bucket, when it has one. */
  bucket: string | null;
  /** Whether a token is held for the next attempt (taken before the breaker for the first). */
  tokenHeld: boolean;
}

/** A credential whose headers never change (the server's static ones, a request's own). */
export const staticCredential = (headers: Record<string, string>): Credential => ({ headers: async () => headers });
