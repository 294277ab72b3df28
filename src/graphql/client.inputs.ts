import { Field, InputType } from 'type-graphql';
import type { AddressFields, ClientFields, Provider } from '../clients/client.js';
import type { Mirrors } from './core-shape.js';
import { ProviderEnum } from './provider-enum.js';

// In every input, a field left out is left alone and a field given as null (or "") is
// cleared. A field the target provider cannot store is refused with UNSUPPORTED_FIELD.
//
// Fields are `declare`d: with target ES2022 a plain field becomes an own property of every
// instance, which type-graphql then deletes again for each field the caller left out, leaving
// a slow dictionary-mode object that every later read of the input pays for. Declared, an
// instance starts empty and holds exactly the fields given.

@InputType('ClientAddressInput', { description: 'Address parts to write. On update, only the parts given change.' })
export class AddressInput implements Mirrors<AddressFields, AddressInput> {
  @Field(() => String, { nullable: true, description: 'First line.' })
  declare line1?: string | null;

  @Field(() => String, { nullable: true, description: 'Second line.' })
  declare line2?: string | null;

  @Field(() => String, { nullable: true, description: 'City.' })
  declare city?: string | null;

  @Field(() => String, { nullable: true, description: 'State or region.' })
  declare region?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal or zip code.' })
  declare postalCode?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2, e.g. "PT".' })
  declare countryCode?: string | null;
}

/** The optional fields both inputs share; type-graphql copies them into each subclass. */
@InputType()
abstract class ClientFieldsInput implements Mirrors<Omit<ClientFields, 'name'>, ClientFieldsInput> {
  @Field(() => String, { nullable: true, description: 'Must be an email address.' })
  declare email?: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number, as the caller writes it.' })
  declare phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Mobile number.' })
  declare mobile?: string | null;

  @Field(() => AddressInput, { nullable: true, description: 'On update, only the parts given change (at a provider that keeps one address '
    + 'text, a given address replaces it: see the parts\' notes); null clears the whole address.' })
  declare address?: AddressInput | null;

  @Field(() => String, { nullable: true, description: 'Free-text notes.' })
  declare notes?: string | null;

  @Field(() => String, { nullable: true, description: 'Tax or VAT number.' })
  declare taxNumber?: string | null;

  @Field(() => String, { nullable: true, description: "An id from the caller's own system." })
  declare externalId?: string | null;

  @Field(() => String, { nullable: true, description: 'A locale such as "pt" or "en-GB".' })
  declare locale?: string | null;
}

@InputType({ description: 'A new client. Which fields each provider stores is told on Client.' })
export class CreateClientInput extends ClientFieldsInput implements Mirrors<ClientFields, CreateClientInput> {
  @Field(() => ProviderEnum(), { description: 'Where to create the client.' })
  declare provider: Provider;

  @Field({ description: 'Display name; must not be empty.' })
  declare name: string;
}

@InputType({ description: 'Changes to a client: only the fields given change; null clears one.' })
export class UpdateClientInput extends ClientFieldsInput implements Mirrors<ClientFields, UpdateClientInput> {
  @Field(() => String, { nullable: true, description: 'Must not be empty or null.' })
  declare name?: string | null;
}
