import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import {
  Kind, valueFromASTUntyped,
  type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode, type ValueNode,
} from 'graphql';
import { DEFAULT_FIRST, MAX_FIRST } from '../clients/client-list.js';
import { FIND_MATCH_LIMIT } from '../clients/find-clients.js';
import type { ErrorCode } from '../clients/error-codes.js';
import type { Context } from '../graphql/context.js';
import { requestRefusal } from '../graphql/errors.js';

export const LOOKUP_LIMIT_CODE = 'UPSTREAM_LOOKUP_LIMIT_EXCEEDED' satisfies ErrorCode;

export interface LookupBudgets {
  /** Distinct ids of `client`/`clients`/`node`/`nodes`, plus each create or update (MAX_UPSTREAM_LOOKUPS). */
  maxLookups: number;
  /** Distinct ids of `_entities` representations (MAX_ENTITY_LOOKUPS). */
  maxEntityLookups: number;
}

/**
 * Our own cost rule, the one graphql-armor cannot know: how many upstream lookups an operation
 * can cause. Each distinct id asked for by `client`, `clients` or `_entities` is one (repeats
 * cost nothing upstream, so a gateway's 500 representations of 3 clients pass), and so is
 * each create or update, and each client a list or search can return (clientList: first;
 * findClients: its match limit at every provider), and for each client those can return whose
 * `matches` is asked, one per provider. Counted once the variables are known, before
 * anything executes.
 *
 * A gateway's `_entities` batch has its own, higher budget: one list page of invoices can
 * reference hundreds of distinct clients, and it is legitimate traffic that should be served
 * in full (still at UPSTREAM_CONCURRENCY calls at once per provider).
 */
export function lookupBudgetPlugin({ maxLookups, maxEntityLookups }: LookupBudgets): ApolloServerPlugin<Context> {
  // One listener object for every request (it keeps no per-request state).
  const listener: GraphQLRequestListener<Context> = {
    async didResolveOperation({ operation, document, request, contextValue }) {
      if (!operation) return;
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const definition of document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      }
      const { lookups, entityLookups } = countLookups(operation, fragments, request.variables ?? {}, contextValue.providers.size);
      if (lookups > maxLookups) {
        throw requestRefusal(
          LOOKUP_LIMIT_CODE,
          `This operation could make ${lookups} upstream lookups; the limit is ${maxLookups}. Split it into smaller operations.`,
          400,
          { lookups, limit: maxLookups },
        );
      }
      if (entityLookups > maxEntityLookups) {
        throw requestRefusal(
          LOOKUP_LIMIT_CODE,
          `This _entities call holds ${entityLookups} distinct representations; the limit is ${maxEntityLookups} (MAX_ENTITY_LOOKUPS).`,
          400,
          { lookups: entityLookups, limit: maxEntityLookups },
        );
      }
    },
  };
  return { requestDidStart: async () => listener };
}

function countLookups(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  /** How many providers findClients may ask. */
  providerCount: number,
): { lookups: number; entityLookups: number } {
  const ids = new Set<string>();
  const entityIds = new Set<string>();
  let writes = 0;
  let listed = 0;
  const values = (node: ValueNode | undefined): unknown[] => {
    if (!node) return [];
    const value = valueFromASTUntyped(node, variables);
    return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  };
  // A representation is looked up by its id; anything else counts as itself.
  const idOf = (value: unknown) => JSON.stringify(
    typeof value === 'object' && value !== null && 'id' in value ? (value as { id: unknown }).id : value,
  );
  let matched = 0;
  // Root fields only: lookups happen there; fragments spread at the root are followed once each.
  const visit = (selections: SelectionSetNode, seen: Set<string>): void => {
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) {
        const arg = (name: string) => selection.arguments?.find((a) => a.name.value === name)?.value;
        // Client.matches below a root field: one lookup per provider for each client it can return.
        const matches = (clients: number) => {
          if (selection.selectionSet) matched += clients * matchCost(selection.selectionSet, fragments, providerCount, new Set());
        };
        switch (selection.name.value) {
          // Relay's node/nodes go through the same loaders as client/clients: the same ids, the same budget.
          case 'client': case 'node': { const asked = values(arg('id')); for (const id of asked) ids.add(idOf(id)); matches(asked.length); break; }
          case 'clients': case 'nodes': { const asked = values(arg('ids')); for (const id of asked) ids.add(idOf(id)); matches(asked.length); break; }
          case '_entities': for (const r of values(arg('representations'))) entityIds.add(idOf(r)); break;
          case 'createClient': case 'updateClient': writes += 1; matches(1); break;
          // The source's read, the match at the target, the create.
          case 'copyClient': writes += 3; matches(2); break;
          case 'clientList': { const size = listSize(values(arg('first'))[0], values(arg('last'))[0]); listed += size; matches(size); break; }
          case 'findClients': listed += FIND_MATCH_LIMIT * providerCount; matches(FIND_MATCH_LIMIT * providerCount); break;
          default: break;
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, seen);
      } else if (!seen.has(selection.name.value)) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet, new Set([...seen, selection.name.value]));
      }
    }
  };
  visit(operation.selectionSet, new Set());
  return { lookups: ids.size + writes + listed + matched, entityLookups: entityIds.size };
}

/**
 * The lookups `matches` fields below cost per client: one per provider each, and a `matches`
 * inside a match costs that again for each of its matches (fragments followed once each).
 */
function matchCost(
  selections: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, providerCount: number, seen: Set<string>,
): number {
  let cost = 0;
  for (const selection of selections.selections) {
    if (selection.kind === Kind.FIELD) {
      const below = selection.selectionSet ? matchCost(selection.selectionSet, fragments, providerCount, seen) : 0;
      cost += selection.name.value === 'matches' ? providerCount * (1 + FIND_MATCH_LIMIT * below) : below;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      cost += matchCost(selection.selectionSet, fragments, providerCount, seen);
    } else if (!seen.has(selection.name.value)) {
      const fragment = fragments.get(selection.name.value);
      if (fragment) cost += matchCost(fragment.selectionSet, fragments, providerCount, new Set([...seen, selection.name.value]));
    }
  }
  return cost;
}

/** The clients one clientList page can return; a first or last out of range is refused later, at no cost. */
function listSize(first: unknown, last: unknown): number {
  const size = first ?? last;
  if (size === undefined || size === null) return DEFAULT_FIRST;
  return typeof size === 'number' && Number.isInteger(size) ? Math.max(0, Math.min(size, MAX_FIRST)) : 0;
}
