import { Field, ID, InterfaceType } from 'type-graphql';

/**
 * Relay's Global Object Identification: every object with a global id implements Node and can
 * be refetched by `node(id:)`. Our ids are global already ("fatora:1024"), so Client's own
 * id is its Node id. Client is the only implementation: every Node this subgraph answers is one.
 */
@InterfaceType({
  description: 'An object with a global id (Relay\'s Node): refetch any of them with node(id:) or nodes(ids:).',
  resolveType: () => 'Client',
})
export abstract class Node {
  @Field(() => ID, { description: 'The global id: the same value in every request, unique across every type.' })
  id!: string;
}
