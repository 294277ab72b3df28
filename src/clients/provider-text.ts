/**
 * Provider-supplied text is not trusted to keep our secrets: providers have been seen echoing
 * the credential of a call ("bad token Bearer <token>") in error messages. The transport cuts
 * the exact credential values of a call out of its body (providers/scrub.ts); providerText()
 * is the second layer, where provider text meets a caller (userErrors, GraphQL errors): it
 * removes anything that looks like a credential and caps the length.
 */

export const REDACTED = '[redacted]';
/** Longest provider text passed on to a caller. */
export const MAX_PROVIDER_TEXT = 300;

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
