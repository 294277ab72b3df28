import { JSONObjectResolver } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { Address as AddressShape, ClientRecord, Provider } from '../clients/client.js';
import { Node } from './node.type.js';
import { ProviderEnum } from './provider-enum.js';


// simpleResolvers: these are plain data fields, so type-graphql skips its per-field
// middleware and validation machinery for them.
// Named ClientAddress, not Address: nearly every other subgraph has an Address of its own
// shape, and a supergraph can only merge value types whose fields agree.
@ObjectType('ClientAddress', { simpleResolvers: true, description: 'A postal address. Every part is null when the provider does not keep it.' })
export class Address implements AddressShape {
  @Field(() => String, { nullable: true, description: 'First address line; where the provider keeps the address as one text, that text whole.' })
  line1!: string | null;

  @Field(() => String, { nullable: true, description: 'Second address line.' })
  line2!: string | null;

  @Field(() => String, { nullable: true, description: 'City.' })
  city!: string | null;

  @Field(() => String, { nullable: true, description: 'State, province or region.' })
  region!: string | null;

  @Field(() => String, { nullable: true, description: 'Postal or zip code.' })
  postalCode!: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code, e.g. "PT".' })
  countryCode!: string | null;

  @Field(() => String, { nullable: true, description: 'The whole address on one line, parts joined with ", ", for display.' })
  formatted!: string | null;
}

// A federation entity: other subgraphs reference a Client by its global id alone.
@Directive('@key(fields: "id")')
@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: 'A client (customer) of a business, as kept by one provider. A federation entity keyed by id.',
})
export class Client implements Node, ClientRecord {
  @Field(() => ID, { description: 'Global id "<provider>:<provider id>", e.g. "fatora:1024". Use it with client, clients and updateClient.' })
  id!: string;

  @Field(() => ProviderEnum(), { description: 'The provider that keeps this client.' })
  provider!: Provider;

  @Field(() => ID, { description: "The provider's own id: the part of id after the provider's prefix." })
  providerId!: string;

  @Field({ description: 'Display name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Email address; null when the provider has none.' })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number.' })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: 'Mobile number.' })
  mobile!: string | null;

  @Field(() => Address, { nullable: true, description: 'Postal address; null when the provider has no part of it.' })
  address!: Address | null;

  @Field(() => String, { nullable: true, description: 'Free-text notes.' })
  notes!: string | null;

  @Field(() => String, { nullable: true, description: 'Tax or VAT number.' })
  taxNumber!: string | null;

  @Field(() => String, { nullable: true, description: "An id from the caller's own system." })
  externalId!: string | null;

  @Field(() => String, { nullable: true, description: 'Language of what the provider sends the client, e.g. "pt".' })
  locale!: string | null;

  @Field(() => String, { nullable: true, description: 'Default currency code, e.g. "EGP" (read-only).' })
  currency!: string | null;

  @Field(() => String, { nullable: true, description: "The provider's client number, e.g. \"0000715\" (read-only)." })
  clientNumber!: string | null;

  @Field(() => JSONObjectResolver, { description: "The provider's client object exactly as received, for fields this type does not map." })
  raw!: Record<string, unknown>;
}
