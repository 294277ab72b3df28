import { JSONObjectResolver } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { UserErrorCode } from '../clients/user-errors.js';
import { Client } from './client.type.js';

registerEnumType(UserErrorCode, {
  name: 'ClientUserErrorCode',
  description: 'Why a mutation did not happen.',
  valuesConfig: {
    REQUIRED: { description: 'A field that must have a value is empty or missing.' },
    INVALID: { description: 'A value has the wrong format (email, country code, locale, a malformed client id).' },
    NOT_FOUND: { description: 'The client to update does not exist at its provider. Nothing was written.' },
    UNSUPPORTED_FIELD: { description: 'The provider has no place for this field. Leave it out; nothing was written.' },
    CONFLICT: { description: 'The provider already has such a client; the message names it when the provider says which.' },
    REJECTED: { description: "The provider refused the write; the message is the provider's reason." },
  },
});

// ClientUserError, not UserError: other subgraphs' UserError types have fields of their own,
// and a supergraph can only merge value types whose fields agree.
@ObjectType('ClientUserError', { simpleResolvers: true, description: 'A problem with the input that the caller can fix.' })
export class UserError {
  @Field(() => [String], { description: 'Path into the arguments, e.g. ["input", "email"] or ["id"].' })
  field!: string[];

  @Field({ description: 'What is wrong, for people.' })
  message!: string;

  @Field(() => UserErrorCode, { description: 'What is wrong, for programs.' })
  code!: UserErrorCode;
}

@ObjectType({ simpleResolvers: true, description: 'The result of a create or update.' })
export class ClientPayload {
  @Field(() => Client, { nullable: true, description: "The client as the provider now has it; null when userErrors isn't empty." })
  client!: Client | null;

  @Field(() => [UserError], { description: 'Empty on success. When not, nothing was written.' })
  userErrors!: UserError[];

  @Field(() => JSONObjectResolver, {
    nullable: true,
    description: 'validateOnly: the JSON body the write would send to the provider, exactly (never a credential); null when it '
      + 'would send nothing (an update that changes nothing) and on a real write.',
  })
  preview?: Record<string, unknown> | null;
}
