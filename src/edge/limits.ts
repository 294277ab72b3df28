import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import type { ValidationRule } from 'graphql';
import type { ErrorCode } from '../clients/error-codes.js';
import type { Context } from '../graphql/context.js';
import { graphQLError } from '../graphql/errors.js';

/** Abuse limits on the shape of an operation, checked before anything runs. */
export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
}

/** The extensions.code of each refusal, naming the limit. */
export const LIMIT_CODES = {
  depth: 'MAX_DEPTH_EXCEEDED',
  aliases: 'MAX_ALIASES_EXCEEDED',
  directives: 'MAX_DIRECTIVES_EXCEEDED',
  tokens: 'MAX_TOKENS_EXCEEDED',
  cost: 'MAX_COST_EXCEEDED',
} as const satisfies Record<string, ErrorCode>;

/**
 * graphql-armor's depth, alias, directive and cost rules, each reporting its own code (armor
 * throws plain "Syntax Error"s, which Apollo would all call GRAPHQL_VALIDATION_FAILED). The
 * token limit is graphql-js's own `maxTokens` parse option: armor's token plugin throws from
 * a hook where Apollo Server 5 turns it into a 500.
 */
export function armor(limits: OperationLimits): { plugins: ApolloServerPlugin<Context>[]; validationRules: ValidationRule[] } {
  const reject = (code: ErrorCode): GraphQLArmorRejectCallback[] => [
    (context, error) => context?.reportError(graphQLError(code, error.message.replace(/^Syntax Error: /, ''))),
  ];
  const rule = (code: ErrorCode) => ({ propagateOnRejection: false, onReject: reject(code) });
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ...rule(LIMIT_CODES.depth) },
    maxAliases: { n: limits.maxAliases, ...rule(LIMIT_CODES.aliases) },
    maxDirectives: { n: limits.maxDirectives, ...rule(LIMIT_CODES.directives) },
    costLimit: { maxCost: limits.maxCost, ...rule(LIMIT_CODES.cost) },
    maxTokens: { enabled: false },
    // Field suggestions ("Did you mean …?") stay: introspection is on for Sandbox anyway.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  // armor's typings name Apollo's CommonJS build; the plugin objects are the same at runtime.
  return { plugins: plugins as unknown as ApolloServerPlugin<Context>[], validationRules };
}

/**
 * The code a refusal should carry: Apollo labels every validation error
 * GRAPHQL_VALIDATION_FAILED and every parse error GRAPHQL_PARSE_FAILED, so the limit's own
 * code is recovered here (used by formatError).
 */
export function limitCode(error: unknown): string | undefined {
  const original = (error as { originalError?: { extensions?: Record<string, unknown> } } | null)?.originalError;
  const code = original?.extensions?.code;
  if (typeof code === 'string' && (Object.values(LIMIT_CODES) as string[]).includes(code)) return code;
  const message = (error as Error | null)?.message ?? '';
  // graphql-js 16 words it "more that N tokens"; later versions may fix the typo.
  return /Document contains more th(?:at|an) \d+ tokens/.test(message) ? LIMIT_CODES.tokens : undefined;
}
