import type { AddressPart, ClientFields, ClientRecord, FieldPath, ReadOnlyField } from './client.js';
import { UpstreamError, type UpstreamCode } from './errors.js';
import { CLIENT_FIELDS, pathOfField, type ClientFieldName, type FieldTable } from './field-table.js';
import { fieldsOf, givenPaths, mergeFields, valueAt } from './fields.js';
import { SearchStatus } from './find-clients.js';
import type { RequestLoaders } from './loaders.js';
import type { RequestMatches } from './matching.js';
import type { ProviderApi, ProviderFacts, WriteMode } from './provider.js';
import { normaliseInput } from './validation.js';
import { sharedKey, type RequestScope } from './scope.js';
import { createClient, type UpdateGuard, type WriteResult } from './writes.js';

/**
 * copyClient: one customer from one provider to another. The source is mapped onto the
 * target through the target's field table (what it cannot hold is reported as dropped, never
 * lost in silence), the caller's input overrides any field, the target's link field gets the
 * source's global id, and the target is searched (Client.matches' one lookup) before anything
 * is written: a copy already there is answered, not made twice. The create itself is
 * createClient's, checks and all.
 */

export enum CopyOutcome {
  CREATED = 'CREATED',
  ALREADY_THERE = 'ALREADY_THERE',
  VALID = 'VALID',
}

/** A field of the source the target cannot hold, and why. */
export interface DroppedField {
  field: string[];
  reason: string;
}

export interface CopyResult extends WriteResult {
  /** null when userErrors is not empty. */
  outcome: CopyOutcome | null;
  source: ClientRecord | null;
  dropped: DroppedField[];
}

/** Why the target's table has no place on create for `field`, or null when it has one. */
function noPlace(table: FieldTable, label: string, field: ClientFieldName): string | null {
  const rule = table[field];
  if (rule?.creatable) return null;
  return rule ? `${label} does not take ${field} on create (${rule.readable ? 'read-only there' : 'never written'})` : `${label} has no place for ${field}`;
}

/**
 * The fields a copy of `source` is created with at `target`, and what the target cannot hold
 * (pure: no I/O). `input` (normalised) overrides; a link field the input leaves out carries
 * the source's global id.
 */
export function copyFields(source: ClientRecord, target: ProviderFacts, input: ClientFields): { fields: ClientFields; dropped: DroppedField[] } {
  const dropped: DroppedField[] = [];
  const mapped = fieldsOf(source);
  for (const field of CLIENT_FIELDS) {
    const path = pathOfField(field);
    // The read-only fields (currency, clientNumber) are not in the writable view: read them off the record.
    const value = path ? valueAt(mapped, path) : source[field as ReadOnlyField];
    if (value === null || value === undefined) continue;
    const reason = noPlace(target.fields, target.label, field);
    if (reason === null) continue;
    if (path) clearAt(mapped, path);
    // Given by the input, it is the input's to answer for (UNSUPPORTED_FIELD), not a drop.
    if (!path || valueAt(input, path) === undefined) dropped.push({ field: field.split('.'), reason });
  }
  const link = target.linkField;
  if (link && input[link] === undefined) {
    const own = mapped[link];
    if (typeof own === 'string' && own !== source.id) {
      dropped.push({ field: [link], reason: `replaced by the link to the source: ${target.label}'s ${link} holds ${source.id}` });
    }
    mapped[link] = source.id;
  }
  return { fields: withoutEmpty(mergeFields(mapped, input)), dropped };
}

function clearAt(fields: ClientFields, path: FieldPath): void {
  if (path[0] === 'address') {
    if (fields.address) fields.address = { ...fields.address, [path[1] as AddressPart]: null };
  } else {
    fields[path[0]] = null;
  }
}

/** A create gives values only: empty fields (and an address without parts) are left out. */
function withoutEmpty(fields: ClientFields): ClientFields {
  const out: ClientFields = {};
  for (const path of givenPaths(fields)) {
    const value = valueAt(fields, path);
    if (value === null || value === undefined) continue;
    if (path[0] === 'address') out.address = { ...out.address, [path[1] as AddressPart]: value };
    else out[path[0]] = value;
  }
  return out;
}

export interface CopyDeps {
  loaders: RequestLoaders;
  matches: RequestMatches;
  scope: RequestScope;
  /** The update lock: copies of one client to one target run one after another. */
  updateGuard: UpdateGuard;
}

/**
 * Copies `source` (already read) to `target` (another, configured provider). The search and
 * the create run under a lock on (target, credential, source), so two copies of one client
 * at once (two callers, two replicas) never both find nothing and both create: the second
 * searches after the first has written, and finds it where the target can find it.
 */
export async function copyClient(source: ClientRecord, target: ProviderApi, rawInput: ClientFields, deps: CopyDeps, mode: WriteMode): Promise<CopyResult> {
  const { fields, dropped } = copyFields(source, target.facts, normaliseInput(rawInput));
  // validateOnly writes nothing, so there is nothing to keep apart.
  if (mode.validateOnly) return searchThenCreate(source, target, fields, dropped, deps, mode);
  const { lock, ttlMs } = deps.updateGuard;
  const release = await lock.acquire(`copy|${sharedKey(deps.scope, target.facts.id, source.id)}`, ttlMs);
  try {
    return await searchThenCreate(source, target, fields, dropped, deps, mode);
  } finally {
    await release();
  }
}

async function searchThenCreate(
  source: ClientRecord, target: ProviderApi, fields: ClientFields, dropped: DroppedField[], deps: CopyDeps, mode: WriteMode,
): Promise<CopyResult> {
  // Fresh: this request may have searched before (an earlier copy in the same operation).
  const found = await deps.matches.at(source, target, true);
  if (found.search.status === SearchStatus.FAILED) {
    // Unchecked, a copy could be made twice: nothing is written (and the caller can retry).
    const { label, id } = target.facts;
    throw new UpstreamError(
      found.search.code as UpstreamCode,
      `${label} could not be searched for a copy of ${source.id} already there (${found.search.reason}); nothing was written`,
      { provider: id, sent: false },
    );
  }
  const existing = found.clients[0];
  if (existing) return { outcome: CopyOutcome.ALREADY_THERE, client: existing, source, dropped, userErrors: [], preview: null };
  const written = await createClient(target, deps.loaders, deps.scope, fields, mode);
  const outcome = written.userErrors.length > 0 ? null : mode.validateOnly ? CopyOutcome.VALID : CopyOutcome.CREATED;
  return { outcome, client: written.client, source, dropped, userErrors: written.userErrors, preview: written.preview ?? null };
}

/** What an idempotencyKey of a copy is fingerprinted with: a create of other input never shares it. */
export function copyFingerprint(sourceId: string, target: string, input: ClientFields): unknown {
  return { copy: sourceId, to: target, input: normaliseInput(input) };
}
