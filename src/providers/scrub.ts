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

/**
 * `text` with every occurrence of each secret replaced, as written or JSON-escaped: a provider
 * may send `abc\/def` (PHP's json_encode escapes every "/") or `\u0061bc` for `abc`, which
 * parsing turns back into the secret. The fast path, a text without any backslash (most
 * answers), is one indexOf per secret; only a text with one also meets each secret's pattern.
 */
export function withoutSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  }
  if (!result.includes('\\')) return result;
  for (const secret of secrets) result = result.replace(escapedForms(secret), REDACTED);
  return result;
}

/** Compiled patterns, per secret (a process meets few credentials; bounded all the same). */
const patterns = new Map<string, RegExp>();
const MAX_PATTERNS = 1000;

/** Each character of `secret` as itself or any of its JSON escapes (\uXXXX in either case, \/, \", \\). */
function escapedForms(secret: string): RegExp {
  let pattern = patterns.get(secret);
  if (pattern) {
    pattern.lastIndex = 0;
    return pattern;
  }
  let source = '';
  for (let i = 0; i < secret.length; i++) {
    const char = secret[i]!;
    const hex = secret.charCodeAt(i).toString(16).padStart(4, '0');
    const unicode = '\\\\u' + [...hex].map((digit) => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit)).join('');
    const literal = char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const short = char === '/' || char === '"' || char === '\\' ? `|\\\\${literal}` : '';
    source += `(?:${literal}|${unicode}${short})`;
  }
  pattern = new RegExp(source, 'g');
  if (patterns.size >= MAX_PATTERNS) patterns.delete(patterns.keys().next().value!);
  patterns.set(secret, pattern);
  return pattern;
}
