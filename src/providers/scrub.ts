/**
 * Provider-supplied text is not trusted to keep our secrets: providers have been seen echoing
 * the credential of the call ("bad token Bearer <token>") in error messages. Two layers:
 * the exact credential values of a call are cut out of its body before it is parsed (so
 * `raw` and every message built from it are clean), and providerText() removes anything
 * that looks like a credential and caps the length where provider text meets a caller.
 */

export const REDACTED = '[redacted]';
/** Longest provider text passed on to a caller. */
export const MAX_PROVIDER_TEXT = 300;

/** Secrets shorter than this are not searched for: they would match ordinary text. */
const MIN_SECRET_LENGTH = 6;

/** The secret values in credential headers: a bearer token without "Bearer ", an apikey as is. */
export function secretsOf(headers: Record<string, string>): string[] {
  const secrets: string[] = [];
  for (const value of Object.values(headers)) {
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

const CREDENTIAL_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\b(bearer|basic)\s+[A-Za-z0-9\-._~+/=]+/gi, `$1 ${REDACTED}`],
  // "apikey XYZ", "api_key: XYZ", "token=XYZ" (a bare "token expired" is left alone).
  [/\b(api[-_]?key)(["']?\s*[:=]?\s*["']?)[A-Za-z0-9\-._~+/=]{6,}/gi, `$1$2${REDACTED}`],
  [/\b(access[-_]?token|token)(["']?\s*[:=]\s*["']?)[A-Za-z0-9\-._~+/=]{6,}/gi, `$1$2${REDACTED}`],
];

/** Provider text as a caller may see it: credential-looking parts removed, at most MAX_PROVIDER_TEXT characters. */
export function providerText(text: string): string {
  let result = text;
  for (const [pattern, replacement] of CREDENTIAL_PATTERNS) result = result.replace(pattern, replacement);
  return result.length > MAX_PROVIDER_TEXT ? `${result.slice(0, MAX_PROVIDER_TEXT - 1)}…` : result;
}
