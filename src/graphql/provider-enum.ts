import { registerEnumType } from 'type-graphql';
import { enumNameOf, type ProviderFacts } from '../clients/provider.js';

/**
 * The GraphQL `Provider` enum, built at schema build time from the provider modules' facts
 * (value names from their ids, descriptions from theirs), so a new provider module is a new
 * enum value with no edit here. Fields refer to it through `ProviderEnum()`, which type-graphql
 * calls while it builds the schema.
 */
let current: Record<string, string> | null = null;

export function ProviderEnum(): Record<string, string> {
  if (!current) throw new Error('registerProviderEnum must run before the schema is built');
  return current;
}

export function registerProviderEnum(providers: readonly ProviderFacts[]): void {
  const values = Object.fromEntries(providers.map((facts) => [enumNameOf(facts.id), facts.id]));
  registerEnumType(values, {
    name: 'Provider',
    description: 'An invoicing platform whose clients this API reads and writes.',
    valuesConfig: Object.fromEntries(providers.map((facts) => [enumNameOf(facts.id), { description: facts.description }])),
  });
  current = values;
}
