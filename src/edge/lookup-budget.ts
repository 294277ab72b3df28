import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError, Kind, valueFromASTUntyped,
  type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode, type ValueNode,
} from 'graphql';
import type { Context } from '../graphql/context.js';

export const LOOKUP_LIMIT_CODE = 'UPSTREAM_LOOKUP_LIMIT_EXCEEDED';

/**
 * Our own cost rule, the one graphql-armor cannot know: how many upstream lookups an operation
 * can cause. Each `client`, each id of `clients`, each `_entities` representation and each
 * create or update is one. Counted once the variables are known, before anything executes.
 */
export function lookupBudgetPlugin(maxLookups: number): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (!operation) return;
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
          }
          const lookups = countLookups(operation, fragments, request.variables ?? {});
          if (lookups > maxLookups) {
            throw new GraphQLError(
              `This operation could make ${lookups} upstream lookups; the limit is ${maxLookups}. Split it into smaller operations.`,
              { extensions: { code: LOOKUP_LIMIT_CODE, lookups, limit: maxLookups, http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}

function countLookups(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): number {
  const listLength = (node: ValueNode | undefined) => {
    if (!node) return 0;
    const value = valueFromASTUntyped(node, variables);
    return Array.isArray(value) ? value.length : value === undefined || value === null ? 0 : 1;
  };
  // Root fields only: lookups happen there; fragments spread at the root are followed once each.
  const visit = (selections: SelectionSetNode, seen: Set<string>): number => {
    let total = 0;
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) {
        const arg = (name: string) => selection.arguments?.find((a) => a.name.value === name)?.value;
        switch (selection.name.value) {
          case 'client': case 'createClient': case 'updateClient': total += 1; break;
          case 'clients': total += listLength(arg('ids')); break;
          case '_entities': total += listLength(arg('representations')); break;
          default: break;
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += visit(selection.selectionSet, seen);
      } else if (!seen.has(selection.name.value)) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) total += visit(fragment.selectionSet, new Set([...seen, selection.name.value]));
      }
    }
    return total;
  };
  return visit(operation.selectionSet, new Set());
}
