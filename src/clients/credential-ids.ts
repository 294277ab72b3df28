import { createHmac } from 'node:crypto';
import type { Provider } from './client.js';
import { canonicalJson } from './fingerprint.js';
import type { ProviderSettings } from './settings.js';

/**
 * Which credential a call uses, as an id safe to put in a key: the one scheme behind every
 * key shared between requests (reads in flight, idempotency keys, update locks, the read
 * cache, the upstream rate budgets). Pure given its key material, so it lives in the core;
 * the material comes from outside (state/: the salt in the Redis epoch marker, mixed with
 * STATE_KEY_SECRET when set; in memory a random one per process) and may change (a Redis that
 * lost its data): ids are recomputed then.
 */

/** The scope of a shared key made with this credential id: `<provider>:<credential id>`. */
export function scopeOf(provider: Provider, credentialId: string): string {
  return `${provider}:${credentialId}`;
}

/**
 * HMAC-SHA-256 (cut to 128 bits) of provider, base URL and credential (headers and API key), so
 * a key never holds the credential nor a hash anyone could recompute from a guessed or leaked
 * credential without the key material. The same credential at another base URL (a Daftra
 * tenant's subdomain) or provider is another id. Table-tested (test/state-keys.test.ts).
 */
export function credentialId(material: Buffer, provider: Provider, settings: ProviderSettings): string {
  const identity = canonicalJson({ provider, baseUrl: settings.baseUrl, headers: settings.headers, apiKey: settings.apiKey });
  return createHmac('sha256', material).update(identity).digest('hex').slice(0, 32);
}

/**
 * credentialId() with its key material, remembered per settings object (the server's settings
 * and a request's own are one object each, so most calls compute no HMAC).
 */
export class CredentialIds {
  private readonly cache = new WeakMap<object, { material: Buffer; id: string }>();

  constructor(
    private readonly material: () => Buffer,
    /** The server's own settings per provider (null: none). */
    private readonly server: Partial<Record<Provider, ProviderSettings | null>> = {},
  ) {}

  /** The id of `own` (a request's credential) or, when undefined, of the server's. */
  of(provider: Provider, own: ProviderSettings | undefined): string {
    const settings = own ?? this.server[provider];
    if (!settings) return 'unconfigured';
    const material = this.material();
    const cached = this.cache.get(settings);
    if (cached && cached.material === material) return cached.id;
    const id = credentialId(material, provider, settings);
    this.cache.set(settings, { material, id });
    return id;
  }
}
