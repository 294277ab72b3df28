import type { ClientFields, ClientRecord, FieldPath, Provider, WritableField } from './client.js';
import type { FieldTable } from './field-table.js';
import type { FilterCapabilities, ListPage, ListQuery } from './list-port.js';
import type { RequestScope } from './scope.js';
import type { ProviderSettings } from './settings.js';
import { ServiceError } from './errors.js';


/**
 * What the core knows of a provider: its facts (declared once, in its module) and its API
 * (the port). Implementations live in src/providers/<name>/ and know nothing of GraphQL; the
 * core knows nothing of their URLs or JSON, and imports nothing from a provider folder.
 */

/** Reads one request header by lower-case name. */
export type HeaderReader = (name: string) => string | undefined;

/** A credential header a request sent that cannot be used. */
export class RequestCredentialError extends ServiceError {
  override readonly name = 'RequestCredentialError';
  constructor(message: string) {
    super('BAD_USER_INPUT', message);
  }
}

/** What a provider's own ids look like, checked before an id reaches a URL. */
export interface IdSyntax {
  test(id: string): boolean;
  /** Said to a caller whose id fails `test`, e.g. "Fatora ids are numbers". */
  message: string;
}

/** See ProviderFacts.routeWords. */
export interface RouteWords {
  readonly words: readonly string[];
  readonly read: 'searched' | 'refused';
  /** Which documented path holds them, for messages and docs: "`GET /customers/find`". */
  readonly paths: string;
}

/** One environment variable of a provider, as the README's settings table shows it. */
export interface EnvSetting {
  readonly name: string;
  /** Its default, as Markdown ("—" for none). */
  readonly default: string;
  /** What it does, as Markdown. */
  readonly meaning: string;
  /** A tuning of how it is called (its rate budget), not where or as whom: alone it leaves demo mode on. */
  readonly tuning?: boolean;
}

/** The names of a provider's environment variables. */
export function envNamesOf(facts: Pick<ProviderFacts, 'envSettings'>): string[] {
  return facts.envSettings.map((setting) => setting.name);
}

/** The names of those saying where and as whom it is called (any of them set = not demo mode). */
export function connectionEnvNamesOf(facts: Pick<ProviderFacts, 'envSettings'>): string[] {
  return facts.envSettings.filter((setting) => !setting.tuning).map((setting) => setting.name);
}

/** Everything a provider is, as data: the one place each of these facts is written. */
export interface ProviderFacts {
  /** The global-id prefix and the Provider value: "fatora". */
  readonly id: Provider;
  /** How people call it: "Fatora". */
  readonly label: string;
  /** The Provider enum value's description in the schema. */
  readonly description: string;
  /** A provider id to show in examples: "1024". */
  readonly exampleId: string;
  readonly idSyntax: IdSyntax;
  /**
   * Words its documented paths put where an id goes (Invisible Collector's `customers/find`
   * beside `customers/{id}`): an id that is one of them must never be put in that path, where
   * the provider would take it for the route. `read: 'searched'`: its API reads such an id by a
   * route that cannot be confused; `'refused'`: parseGlobalId refuses it before any call.
   */
  readonly routeWords: RouteWords;
  /**
   * The environment variables that belong to it (any of them set = not demo mode), with their
   * default and meaning: the README's provider settings table is generated from them.
   */
  readonly envSettings: readonly EnvSetting[];
  /** Request headers that carry its credentials (REQUEST_CREDENTIALS); logs redact them. */
  readonly credentialHeaders: readonly string[];
  /** Upstream headers that carry its credentials; logs redact them. */
  readonly upstreamCredentialHeaders: readonly string[];
  /** Per Client field: its name at the provider and what the provider does with it. */
  readonly fields: FieldTable;
  /**
   * What clientList and findClients can ask it by (clients/list-port.ts); `{}` when it has no
   * list or search. Its API's `list` serves exactly these.
   */
  readonly filters: FilterCapabilities;
  /**
   * Whether the provider answers the same create sent twice with the one record it made
   * (Invisible Collector's POST, for the same customer). An idempotent create whose first try
   * ended in doubt (timeout, reset, 5xx) is then sent again; otherwise its retry answers
   * OUTCOME_UNKNOWN and nothing is sent, since a second POST could make a second client.
   */
  readonly createIsIdempotent: boolean;
  /**
   * The Client field that carries the link of a copy made here (copyClient): the source's
   * global id ("daftra:512") is written to it, and `matches` finds the copy by it exactly.
   * Absent or null: the provider has no field for another system's id.
   */
  readonly linkField?: WritableField | null;
  /**
   * A request's own credential, from its headers; undefined when it sent none. Throws
   * RequestCredentialError for a malformed one.
   */
  settingsFromRequest(header: HeaderReader, baseUrl: string): ProviderSettings | undefined;
}

/**
 * How a create or update runs. `validateOnly`: every step of the real write up to the sending
 * of its request (the provider API builds the body exactly as for the write, reads included);
 * its transport then throws WriteStopped with that body instead of sending it. One code path,
 * so what validateOnly shows is what the write sends.
 */
export interface WriteMode {
  readonly validateOnly: boolean;
}

/** A write's request stopped before it was sent (validateOnly): the body it would have carried. */
export class WriteStopped extends ServiceError {
  override readonly name = 'WriteStopped';
  constructor(readonly body: Record<string, unknown>) {
    super('WRITE_STOPPED', 'validateOnly: the write was not sent');
  }
}

/**
 * A provider's rate budget per credential (`<PROVIDER>_RATE_PER_S`, `_RATE_BURST`): `perSecond`
 * calls a second on average, up to `burst` at once. The buckets that spend it are
 * state/rate-buckets.ts's, taken from by providers/http.ts.
 */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

/** The API of one provider, as the core calls it. */
export interface ProviderApi {
  readonly facts: ProviderFacts;
  /** False when no credential is configured: its ids give PROVIDER_NOT_CONFIGURED, no call. */
  readonly configured: boolean;
  /** Its rate budget per credential (`<PROVIDER>_RATE_PER_S`); null: none. */
  readonly rateBudget: RateLimit | null;
  /** Extra format rules (beyond the core's) the provider enforces, as problems to report. */
  checkFormat?(fields: ClientFields): Array<{ path: FieldPath; message: string }>;
  /**
   * Other ids the client can be read by, besides its providerId (Invisible Collector: its
   * externalId), so a write can refresh every key a request may have used.
   */
  aliases?(client: ClientRecord): string[];

  /** The client, or null when the provider says it does not exist. `id` is already validated. */
  get(id: string, scope: RequestScope): Promise<ClientRecord | null>;
  /**
   * Creates the client and returns the provider's current state of it. With `mode.validateOnly`
   * the request is built as for the write and handed to the transport, which stops it before
   * sending (WriteStopped): see WriteMode.
   */
  create(fields: ClientFields, scope: RequestScope, mode?: WriteMode): Promise<ClientRecord>;
  /**
   * Writes `patch` (absent = keep, null = clear) to the client the caller asked for by `id`
   * (already validated), whose state just read is `current`, and returns the provider's state
   * after the write. The provider decides how: a partial write, or the whole record merged.
   */
  update(id: string, patch: ClientFields, current: ClientRecord, scope: RequestScope, mode?: WriteMode): Promise<ClientRecord>;
  /**
   * One upstream page of clients matching `query.filter` (only filters its facts declare are
   * ever passed). Present exactly when `facts.filters` declares a list or search.
   */
  list?(query: ListQuery, scope: RequestScope): Promise<ListPage>;

  /**
   * A write with this scope's credential ended in doubt (an answer we could not read, say):
   * counted as a failure by that credential's circuit breaker, so an account whose creates
   * keep ending in doubt stops being sent creates (and leaving keys in doubt) for a while.
   */
  writeInDoubt?(scope: RequestScope, error: Error): void;
  /** Whether the server's configured endpoint answers at all (readiness). */
  probe(): Promise<boolean>;
  /** Releases sockets and timers. */
  close(): void;
}

export type ProviderRegistry = ReadonlyMap<Provider, ProviderApi>;

/** Every id `client` can be read by at its provider: its providerId and any aliases. */
export function readIds(api: ProviderApi, client: ClientRecord): string[] {
  return [client.providerId, ...(api.aliases?.(client) ?? [])];
}

/** The GraphQL enum value name of a provider id: "invisible-collector" → "INVISIBLE_COLLECTOR". */
export function enumNameOf(id: string): string {
  return id.toUpperCase().replace(/-/g, '_');
}
