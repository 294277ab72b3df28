import { JSONObjectResolver } from 'graphql-scalars';
import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { CopyOutcome } from '../clients/copying.js';
import { UpdateClientInput } from './client.inputs.js';
import { Client } from './client.type.js';
import { UserError } from './payloads.js';

registerEnumType(CopyOutcome, {
  name: 'CopyOutcome',
  description: 'What copyClient did.',
  valuesConfig: {
    CREATED: { description: 'The copy was created at the target.' },
    ALREADY_THERE: { description: 'The target already holds this customer (found exactly, as Client.matches finds it): it is answered, nothing was written.' },
    VALID: { description: 'validateOnly: every check passed; preview is what would be sent. Nothing was written.' },
  },
});

@InputType({
  description: 'Values for the copy that replace (or, as null, leave out) what the source has: a field the target requires and the '
    + 'source lacks, a value the target would refuse, or the link field. Only the fields given count.',
})
export class CopyClientInput extends UpdateClientInput {}

@ObjectType({ simpleResolvers: true, description: 'A field of the source that the copy does not carry, and why.' })
export class DroppedField {
  @Field(() => [String], { description: 'The Client field: ["notes"], ["address", "region"].' })
  field!: string[];

  @Field({ description: 'Why, from the target\'s field table: e.g. "Invisible Collector has no place for notes".' })
  reason!: string;
}

@ObjectType({ simpleResolvers: true, description: 'The result of copyClient.' })
export class CopyClientPayload {
  @Field(() => CopyOutcome, { nullable: true, description: 'CREATED, ALREADY_THERE or VALID; null when userErrors is not empty.' })
  outcome!: CopyOutcome | null;

  @Field(() => Client, { nullable: true, description: 'The copy at the target (made now, or already there); null for VALID and on userErrors.' })
  client!: Client | null;

  @Field(() => Client, { nullable: true, description: 'The client copied, as read; null when it was not found.' })
  source!: Client | null;

  @Field(() => [DroppedField], { description: 'What of the source the target cannot hold: left out of the copy, never silently.' })
  dropped!: DroppedField[];

  @Field(() => JSONObjectResolver, { nullable: true, description: 'validateOnly: the JSON body the create would send, exactly; null otherwise.' })
  preview!: Record<string, unknown> | null;

  @Field(() => [UserError], { description: 'Empty on success. When not, nothing was written.' })
  userErrors!: UserError[];
}
