import { Field, InputType } from 'type-graphql';
import type { AddressFields, ClientFields, Provider } from '../clients/client.js';
import type { Mirrors } from './core-shape.js';
import { ProviderEnum } from './provider-enum.js';

// In every input, a field left out is left alone and a field given as null (or "") is
// cleared. A field the target provider cannot store is refused with UNSUPPORTED_FIELD.

@InputType('ClientAddressInput', { description: 'Address parts to write. On update, only the parts given change.' })
export class AddressInput implements Mirrors<AddressFields, AddressInput> {
  @Field(() => String, { nullable: true, description: 'First line.' })
  line1?: string | null;

  @Field(() => String, { nullable: true, description: 'Second line.' })
  line2?: string | null;

  @Field(() => String, { nullable: true, description: 'City.' })
  city?: string | null;

  @Field(() => String, { nullable: true, description: 'State or region.' })
  region?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal or zip code.' })
  postalCode?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2, e.g. "PT".' })
  countryCode?: string | null;
}

/** The optional fields both inputs share; type-graphql copies them into each subclass. */
@InputType()
abstract class ClientFieldsInput implements Mirrors<Omit<ClientFields, 'name'>, ClientFieldsInput> {
  @Field(() => String, { nullable: true, description: 'Must be an email address.' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number, as the caller writes it.' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Mobile number.' })
  mobile?: string | null;

  @Field(() => AddressInput, { nullable: true, description: 'On update, only the parts given change (at a provider that keeps one address '
    + 'text, a given address replaces it: see the parts\' notes); null clears the whole address.' })
  address?: AddressInput | null;

  @Field(() => String, { nullable: true, description: 'Free-text notes.' })
  notes?: string | null;

  @Field(() => String, { nullable: true, description: 'Tax or VAT number.' })
  taxNumber?: string | null;

  @Field(() => String, { nullable: true, description: "An id from the caller's own system." })
  externalId?: string | null;

  @Field(() => String, { nullable: true, description: 'A locale such as "pt" or "en-GB".' })
  locale?: string | null;
}

@InputType({ description: 'A new client. Which fields each provider stores is told on Client.' })
export class CreateClientInput extends ClientFieldsInput implements Mirrors<ClientFields, CreateClientInput> {
  @Field(() => ProviderEnum(), { description: 'Where to create the client.' })
  provider!: Provider;

  @Field({ description: 'Display name; must not be empty.' })
  name!: string;
}

@InputType({ description: 'Changes to a client: only the fields given change; null clears one.' })
export class UpdateClientInput extends ClientFieldsInput implements Mirrors<ClientFields, UpdateClientInput> {
  @Field(() => String, { nullable: true, description: 'Must not be empty or null.' })
  name?: string | null;
}
