import { REDACTED } from '../clients/provider-text.js';

/**
 * Providers have been seen echoing the credential of a call ("bad token Bearer <token>") in
 * their answers. So the exact credential values of a call are cut out of its body before it
 * is parsed: `raw` and every message built from it are clean. (Where provider text meets a
 * caller, clients/provider-text.ts removes anything credential-like as a second layer.)
 */

/** Secrets shorter than this are not searched for: they would match ordinary text. */
const MIN_SECRET_LENGTH = 6;

/**
 * The secret values among a call's headers: those of the headers the provider module names as
 * credentials (`upstreamCredentialHeaders`), a bearer token without "Bearer ", an apikey as is.
 * Other headers (Fatora's required Content-Type) are no secret: cutting "application/json"
 * out of every answer would mangle it.
 */
export function secretsOf(headers: Record<string, string>, credentialHeaders: readonly string[]): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!credentialHeaders.includes(name.toLowerCase())) continue;
    const secret = value.replace(/^(bearer|token|basic)\s+/i, '').trim();
    if (secret.length >= MIN_SECRET_LENGTH) secrets.push(secret);
  }
  return secrets;
}

/** `text` with every occurrence of each secret replaced; a cheap indexOf when none occurs. */
export function withoutSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  }
  return result;
}
