import type { ClientFields, ClientRecord, FieldPath, Provider } from './client.js';
import type { ClientLister } from './list-port.js';
import type { RequestScope } from './scope.js';

/**
 * What the core needs from one provider. Implementations live in src/providers/<name>/ and
 * know nothing of GraphQL; the core knows nothing of their URLs or JSON.
 */
export interface ClientProvider extends ClientLister {
  readonly provider: Provider;
  /** False when no credential is configured: its ids give PROVIDER_NOT_CONFIGURED, no call. */
  readonly configured: boolean;
  /** Whether `id` is a well-formed id of this provider, checked before any upstream call. */
  isValidId(id: string): boolean;
  /** Whether the provider can store this field; a value for any other is UNSUPPORTED_FIELD. */
  supports(path: FieldPath): boolean;
  /**
   * The provider keeps the address as one text (Fatora): an address given in an update then
   * replaces it whole, since parts cannot be merged into text.
   */
  readonly addressIsText?: boolean;
  /** Fields that must hold a value for a create to be accepted. */
  readonly requiredOnCreate: readonly FieldPath[];
  /** Fields that must still hold a value once an update is merged into the current client. */
  readonly requiredOnUpdate: readonly FieldPath[];
  /** Extra format rules (beyond email) the provider enforces, as problems to report. */
  checkFormat?(fields: ClientFields): Array<{ path: FieldPath; message: string }>;

  /**
   * Other ids the client can be read by, besides its providerId (Invisible Collector: its
   * externalId), so a write can refresh every key a request may have used.
   */
  aliases?(client: ClientRecord): string[];

  /** The client, or null when the provider says it does not exist. */
  get(id: string, scope: RequestScope): Promise<ClientRecord | null>;
  /** Creates the client and returns the provider's current state of it. */
  create(fields: ClientFields, scope: RequestScope): Promise<ClientRecord>;
  /**
   * Writes `patch` onto `current` (`merged` is the two combined, for providers whose PUT
   * replaces the whole record) and returns the provider's current state of the client.
   */
  update(current: ClientRecord, patch: ClientFields, merged: ClientFields, scope: RequestScope): Promise<ClientRecord>;

  /** Whether the server's configured endpoint answers at all (readiness). */
  probe(): Promise<boolean>;
  /** Releases sockets and timers. */
  close(): void;
}

export type ProviderRegistry = ReadonlyMap<Provider, ClientProvider>;
