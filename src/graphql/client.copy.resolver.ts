import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { Provider } from '../clients/client.js';
import { copyClient, copyFingerprint, type CopyResult } from '../clients/copying.js';
import { isBadId, parseGlobalId } from '../clients/global-id.js';
import { UserErrorCode, type UserErrorData } from '../clients/user-errors.js';
import { CopyClientInput, CopyClientPayload } from './client-copy.type.js';
import { configuredProvider } from './client.lookup.js';
import type { Context } from './context.js';
import { badId, graphQLError } from './errors.js';
import { ProviderEnum } from './provider-enum.js';
import { keyedWrite, VALIDATE_ONLY } from './write-args.js';

@Resolver()
export class ClientCopyResolver {
  @Mutation(() => CopyClientPayload, {
    nullable: true,
    description: 'Copies a client to another provider: mapped through the target\'s field table (what it cannot hold is listed in '
      + 'dropped), input overriding any field, and the target\'s link field (providers { linkField }) set to the source\'s global id '
      + 'unless input gives it. The target is searched first (as Client.matches does): a copy already there is ALREADY_THERE and '
      + 'nothing is written. With an idempotencyKey, a retry answers the first result (the same in-doubt rules as createClient).',
  })
  async copyClient(
    @Arg('id', () => ID, { description: 'Global id of the client to copy.' }) id: string,
    @Arg('to', () => ProviderEnum(), { description: 'The provider to copy it to (not its own).' }) to: Provider,
    @Arg('input', () => CopyClientInput, { nullable: true, description: 'Values that replace the source\'s in the copy.' })
    input: CopyClientInput | null | undefined,
    @Arg('idempotencyKey', () => String, {
      nullable: true,
      description: 'As createClient\'s: the same key with the same copy answers the first result without writing again.',
    }) idempotencyKey: string | null | undefined,
    @Arg('validateOnly', () => Boolean, { defaultValue: false, description: VALIDATE_ONLY }) validateOnly: boolean,
    @Ctx() context: Context,
  ): Promise<CopyResult> {
    const parsed = parseGlobalId(id, context.providers);
    if (isBadId(parsed)) return refused({ field: ['id'], message: badId(id, parsed.problem).message, code: UserErrorCode.INVALID });
    if (parsed.provider === to) {
      throw graphQLError('BAD_USER_INPUT', `${id} is already at ${context.providers.get(to)!.facts.label}: copy it to another provider`);
    }
    const target = configuredProvider(context, to);
    configuredProvider(context, parsed.provider);
    const fields = { ...input };
    return keyedWrite(context, {
      target: target.facts,
      idempotencyKey,
      fingerprint: () => copyFingerprint(id, to, fields),
      validateOnly,
      run: async () => {
        const source = await context.loaders.load(parsed.provider, parsed.providerId);
        if (source === null) {
          const label = context.providers.get(parsed.provider)!.facts.label;
          return refused({ field: ['id'], message: `${label} has no client ${parsed.providerId}`, code: UserErrorCode.NOT_FOUND });
        }
        return copyClient(source, target, fields, context, { validateOnly });
      },
      refused,
    });
  }
}

function refused(error: UserErrorData): CopyResult {
  return { outcome: null, client: null, source: null, dropped: [], preview: null, userErrors: [error] };
}
