import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { Provider } from '../clients/client.js';
import { ProviderFilter } from './client-list.type.js';
import { ProviderEnum } from './provider-enum.js';

// The capabilities query: generated from each provider module's field table, the same table
// validation reads, so what it says and what UNSUPPORTED_FIELD / REQUIRED enforce cannot differ.

@ObjectType({ simpleResolvers: true, description: 'What one provider does with one Client field, for building forms.' })
export class ProviderField {
  @Field({ description: 'The Client field: "email", or an address part as "address.city". currency and clientNumber are read-only.' })
  field!: string;

  @Field(() => String, { nullable: true, description: "The provider's own name for it; null when it has no place for it." })
  key!: string | null;

  @Field({ description: 'Reads of its clients show it.' })
  readable!: boolean;

  @Field({ description: 'createClient may give it a value; when false a value is UNSUPPORTED_FIELD.' })
  creatable!: boolean;

  @Field({ description: 'updateClient may set or clear it; when false a value is UNSUPPORTED_FIELD.' })
  updatable!: boolean;

  @Field({ description: 'createClient must give it a value (REQUIRED otherwise).' })
  requiredOnCreate!: boolean;

  @Field({ description: 'It must keep a value through updateClient: it cannot be cleared (REQUIRED otherwise).' })
  requiredOnUpdate!: boolean;

  @Field(() => String, { nullable: true, description: 'The format a value must have (INVALID otherwise); null when any text is taken.' })
  format!: string | null;

  @Field(() => String, { nullable: true, description: 'What is particular about the field at this provider.' })
  description!: string | null;
}

@ObjectType({
  simpleResolvers: true,
  description: 'How many calls this service makes to a provider, per credential, across every replica sharing its Redis. '
    + 'A call over it waits (within the call budget) and then fails UPSTREAM_RATE_LIMITED with retryAfter.',
})
export class ProviderRateBudget {
  @Field(() => Float, { description: 'Calls a second on average (<PROVIDER>_RATE_PER_S).' })
  perSecond!: number;

  @Field(() => Int, { description: 'Calls at once after the budget has been unused (<PROVIDER>_RATE_BURST).' })
  burst!: number;
}

@ObjectType({
  simpleResolvers: true,
  description: 'A provider: whether this request can use it, what it does with each field, and what its clients can be listed and found by.',
})
export class ProviderStatus {
  @Field(() => ProviderEnum(), { description: 'The provider this status is about.' })
  provider!: Provider;

  @Field({ description: 'Its name, for people: "Invisible Collector".' })
  label!: string;

  @Field({ description: 'False when no credential is set for it: its ids then fail with PROVIDER_NOT_CONFIGURED.' })
  configured!: boolean;

  @Field({ description: 'The global id of an example client, showing the id format: "fatora:1024".' })
  exampleId!: string;

  @Field(() => [ProviderField], { description: 'Every Client field, in the order of the Client type, with what this provider does with it.' })
  fields!: ProviderField[];

  @Field(() => [ProviderFilter], {
    description: 'What clientList can filter this provider\'s clients by (and which of them findClients can use): the search boxes '
      + 'to show. Any other filter is UNSUPPORTED_FILTER. Empty where the provider has no list or search.',
  })
  filters!: ProviderFilter[];

  @Field({ description: 'Whether clientList works here without a filter (false where the provider has no list, only exact finds).' })
  listsWithoutFilter!: boolean;

  @Field(() => ProviderRateBudget, { nullable: true, description: 'Its upstream rate budget per credential; null when none is set.' })
  rateBudget!: ProviderRateBudget | null;

  @Field({ description: 'Whether copyClient can copy clients here (it can create clients).' })
  copyTarget!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The Client field that carries the link of a copy made here: the source\'s global id, by which Client.matches finds '
      + 'the copy again exactly. null: the provider has no field for another system\'s id (a copy there is found by tax number or email).',
  })
  linkField!: string | null;

  @Field({
    description: 'Whether clientList can page from the end (last without before): false where the provider does not say how many '
      + 'clients it has, and such a request is BAD_USER_INPUT naming it. Backward from a cursor (last with before) works wherever clientList does.',
  })
  pagesFromEnd!: boolean;
}
