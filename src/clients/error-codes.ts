/**
 * Every error code the service has, with where it shows and what it means: the one vocabulary.
 * graphql/errors.ts turns errors carrying these codes into GraphQL errors, the edge answers its
 * refusals with them, and the manual's error tables are generated from the descriptions here
 * (src/tools/error-tables.ts), so a new failure mode is one line here and one class.
 *
 * `surface` says who sees the code:
 * - `field`: a GraphQL error at the field's path, `extensions.code` (the request's other fields keep their data);
 * - `request`: the whole request is refused before anything runs, `extensions.code` of its one error;
 * - `userError`: a mutation's `userErrors[].code` (the UserErrorCode enum of the schema);
 * - `boot`: the process does not start, the message says what to fix;
 * - `internal`: a signal between our own layers, never seen by a caller as such.
 */
export type ErrorSurface = 'field' | 'request' | 'userError' | 'boot' | 'internal';

export interface ErrorCodeEntry {
  readonly surface: ErrorSurface;
  /** Markdown, for the manual's table: when a caller meets it and what it carries. */
  readonly description: string;
}

export const ERROR_CODES = {
  // ── GraphQL errors at a field ──
  BAD_USER_INPUT: {
    surface: 'field',
    description: 'malformed id in a read (`updateClient` and `copyClient` answer it as an `INVALID` userError), with what is wrong: '
      + '`"fatora:abc" is not a client id: Fatora ids are numbers`, `"stripe:1" is not a client id: unknown provider "stripe"; '
      + 'known prefixes are fatora, daftra, invisible-collector` (anything that could escape the URL path is refused); a list '
      + '`first` outside 1–100 or an `after` cursor of another list; `findClients` without any field; `copyClient` to the provider '
      + 'the client is at. No upstream call is made. Also, for the whole request with HTTP 400, a request-credential header that '
      + 'cannot be used (e.g. `x-daftra-subdomain` that is not one DNS label)',
  },
  UNSUPPORTED_FILTER: {
    surface: 'field',
    description: 'a `clientList` filter the provider cannot serve (or no filter at Invisible Collector); `extensions.provider` and '
      + '`extensions.field`; no upstream call is made',
  },
  PROVIDER_NOT_CONFIGURED: { surface: 'field', description: 'that provider has no credential on this server; no call is made' },
  UPSTREAM_UNAUTHORIZED: { surface: 'field', description: 'the provider refused our credentials (401/403)' },
  UPSTREAM_RATE_LIMITED: {
    surface: 'field',
    description: '429; `extensions.retryAfter` (seconds) when the provider says. Also our own rate budget spent (see '
      + '[Upstream rate budgets](operations.md#upstream-rate-budgets)): nothing was sent, `retryAfter` says when a call could go',
  },
  UPSTREAM_TIMEOUT: { surface: 'field', description: 'no answer within `UPSTREAM_TIMEOUT_MS`' },
  UPSTREAM_UNAVAILABLE: { surface: 'field', description: '5xx, connection refused or reset' },
  UPSTREAM_BAD_RESPONSE: {
    surface: 'field',
    description: 'not JSON, not the documented shape, a client whose id is not in the provider\'s id format (it is never used), '
      + 'another client than the one asked for (see [Answers are for the client asked for](operations.md#answers-are-for-the-client-asked-for)), '
      + 'larger than `UPSTREAM_MAX_BODY_BYTES`, or JSON nested deeper than 64 levels',
  },
  STATE_UNAVAILABLE: {
    surface: 'field',
    description: '`REDIS_URL` is set and Redis does not answer: an idempotent create or an update is refused (nothing is sent) '
      + 'rather than made without its protection; retry later. Also a create with a new idempotencyKey while the in-memory key '
      + 'store is full (`IDEMPOTENCY_MAX_KEYS`)',
  },
  CLIENT_BUSY: {
    surface: 'field',
    description: 'an update waited for its client\'s update lock longer than the lock\'s ttl (`4 × UPSTREAM_BUDGET_MS + 1 s`): '
      + 'a queue of updates of that one client; nothing was written',
  },
  OUTCOME_UNKNOWN: {
    surface: 'field',
    description: 'a `createClient` (or `copyClient`) retried under an idempotencyKey whose first create ended in doubt, at a '
      + 'provider whose create is not idempotent: nothing is sent; the client may exist (see '
      + '[Idempotent creates](operations.md#idempotent-creates))',
  },
  INTERNAL_SERVER_ERROR: {
    surface: 'field',
    description: 'our own bug: the message is only "Internal server error" (the error is logged server-side, never sent)',
  },

  // ── The whole request, refused at the edge before anything runs ──
  MAX_DEPTH_EXCEEDED: { surface: 'request', description: 'the whole request is refused, nothing runs: the operation nests deeper than `MAX_DEPTH`' },
  MAX_ALIASES_EXCEEDED: { surface: 'request', description: 'the whole request is refused, nothing runs: the operation holds more aliases than `MAX_ALIASES`' },
  MAX_DIRECTIVES_EXCEEDED: { surface: 'request', description: 'the whole request is refused, nothing runs: the operation holds more directives than `MAX_DIRECTIVES`' },
  MAX_TOKENS_EXCEEDED: { surface: 'request', description: 'the whole request is refused, nothing runs: the document holds more tokens than `MAX_TOKENS`' },
  MAX_COST_EXCEEDED: { surface: 'request', description: 'the whole request is refused, nothing runs: the operation costs more than `MAX_COST`' },
  UPSTREAM_LOOKUP_LIMIT_EXCEEDED: {
    surface: 'request',
    description: 'the whole request is refused, nothing runs: the operation could make more upstream lookups than `MAX_UPSTREAM_LOOKUPS` (or an `_entities` call holds more '
      + 'distinct representations than `MAX_ENTITY_LOOKUPS`), ids in variables counted; `extensions.lookups` and `extensions.limit`; HTTP 400',
  },
  BATCH_TOO_LARGE: { surface: 'request', description: 'the whole request is refused, nothing runs: a batch of more operations than `MAX_BATCH_SIZE`; HTTP 400' },
  QUERY_TOO_LARGE: { surface: 'request', description: 'the whole request is refused, nothing runs: query text longer than `MAX_QUERY_BYTES`, refused before parsing; HTTP 413' },
  VARIABLES_TOO_DEEP: { surface: 'request', description: 'the whole request is refused, nothing runs: variables (or extensions) nested deeper than `MAX_VARIABLES_DEPTH`; HTTP 400' },
  PERSISTED_QUERY_NOT_ALLOWED: {
    surface: 'request',
    description: 'the whole request is refused, nothing runs: with `PERSISTED_QUERIES_ONLY=true`, a document that is not one of the listed ones; HTTP 400',
  },
  BODY_TOO_LARGE: { surface: 'request', description: 'the whole request is refused, nothing runs: a body larger than `BODY_LIMIT_BYTES`; HTTP 413' },
  UNSUPPORTED_MEDIA_TYPE: {
    surface: 'request',
    description: 'the whole request is refused, nothing runs: a POST whose `Content-Type` is neither `application/json` nor `text/plain`; HTTP 415',
  },
  MALFORMED_REQUEST: {
    surface: 'request',
    description: 'the whole request is refused, nothing runs: a body that cannot be read as its `Content-Type` says (JSON that does not parse, '
      + 'an empty JSON body, a `__proto__` or `constructor.prototype` key, fewer or more bytes than its `Content-Length`), or another '
      + 'HTTP request the server cannot read; HTTP 400 (or the 4xx status that says why)',
  },

  // ── A mutation's userErrors: the caller can fix it, nothing was written ──
  REQUIRED: {
    surface: 'userError',
    description: 'empty name; a field the provider requires (the table above; also in the `providers` query)',
  },
  INVALID: {
    surface: 'userError',
    description: 'malformed email, a country code that is not two upper-case letters (the ISO 3166-1 alpha-2 form), a locale that '
      + 'is not a language tag; a malformed id given to `updateClient` (`field: ["id"]`, the message says what is wrong, as below)',
  },
  NOT_FOUND: {
    surface: 'userError',
    description: '`updateClient` or `copyClient` on an id the provider does not know (`field: ["id"]`; the message names the '
      + 'provider: "Fatora has no client 999")',
  },
  UNSUPPORTED_FIELD: { surface: 'userError', description: 'a value for a field the target provider cannot store' },
  CONFLICT: {
    surface: 'userError',
    description: 'the provider refuses a duplicate; the message names the existing client when the provider says which',
  },
  REJECTED: { surface: 'userError', description: 'any other refusal the provider explains, with its message' },

  // ── The process does not start ──
  CONFIG_INVALID: { surface: 'boot', description: 'a setting is missing or out of its range; the message names each one' },
  PORT_IN_USE: { surface: 'boot', description: '`PORT` is taken' },
  REDIS_UNREACHABLE: { surface: 'boot', description: '`REDIS_URL` is set and Redis does not answer at boot' },
  REDIS_SETTINGS_UNSAFE: { surface: 'boot', description: 'Redis may evict our keys (its `maxmemory-policy`)' },

  // ── Between our own layers ──
  WRITE_STOPPED: { surface: 'internal', description: 'validateOnly: the transport stopped a write\'s request and hands back its body' },
  WRITE_IN_DOUBT: { surface: 'internal', description: 'a write that failed after it may have reached the provider: its cause\'s code, with `outcome: "UNKNOWN"`' },
  UPSTREAM_BODY_TOO_LARGE: { surface: 'internal', description: 'an answer beyond `UPSTREAM_MAX_BODY_BYTES`: becomes `UPSTREAM_BAD_RESPONSE`' },
  UPSTREAM_JSON_TOO_DEEP: { surface: 'internal', description: 'an answer nested beyond 64 levels: becomes `UPSTREAM_BAD_RESPONSE`' },
  UPSTREAM_ANSWER_IN_DOUBT: { surface: 'internal', description: 'an unreadable answer to a write: counts as a failure for the circuit breaker' },
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes shown on one surface, in the vocabulary's order. */
export type CodeOf<S extends ErrorSurface> = { [C in ErrorCode]: (typeof ERROR_CODES)[C]['surface'] extends S ? C : never }[ErrorCode];

export function codesOf(surface: ErrorSurface): ErrorCode[] {
  return (Object.keys(ERROR_CODES) as ErrorCode[]).filter((code) => ERROR_CODES[code].surface === surface);
}
