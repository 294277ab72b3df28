import { isInputObjectType, isObjectType, type GraphQLSchema } from 'graphql';
import { capabilitiesOf, CLIENT_FIELDS, type ClientFieldName, type FieldCapability } from '../clients/field-table.js';
import type { ProviderFacts } from '../clients/provider.js';

/**
 * Adds to each Client field's description which providers keep it, under which name, and what
 * they require, generated from the modules' field tables (the ones validation reads), so no
 * description lists providers by hand. Runs on the built schema, before it is printed.
 */
type Mode = 'read' | 'create' | 'update' | 'write';

const TARGETS: ReadonlyArray<readonly [type: string, prefix: string, mode: Mode]> = [
  ['Client', '', 'read'],
  ['ClientAddress', 'address.', 'read'],
  ['CreateClientInput', '', 'create'],
  ['UpdateClientInput', '', 'update'],
  ['ClientAddressInput', 'address.', 'write'],
];

export function addProviderNotes(schema: GraphQLSchema, providers: readonly ProviderFacts[]): void {
  const tables = providers.map((facts) => ({ label: facts.label, caps: capabilitiesOf(facts.fields) }));
  for (const [typeName, prefix, mode] of TARGETS) {
    const type = schema.getType(typeName);
    if (!isObjectType(type) && !isInputObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const name = `${prefix}${field.name}`;
      if (!(CLIENT_FIELDS as readonly string[]).includes(name)) continue;
      const per = tables.map(({ label, caps }) => ({ label, cap: caps.find((cap) => cap.field === name as ClientFieldName)! }));
      field.description = `${field.description ?? ''} ${sentence(mode, per)}`.trim();
    }
  }
}

function sentence(mode: Mode, per: Array<{ label: string; cap: FieldCapability }>): string {
  const takes = (cap: FieldCapability) => (mode === 'read' ? cap.readable
    : mode === 'create' ? cap.creatable : mode === 'update' ? cap.updatable : cap.creatable || cap.updatable);
  const yes = per.filter(({ cap }) => takes(cap));
  const no = per.filter(({ cap }) => !takes(cap)).map(({ label }) => label);
  const named = yes.map(({ label, cap }) => {
    const flags = mode === 'read' ? [] : [
      ...(cap.requiredOnCreate && mode !== 'update' ? ['required on create'] : []),
      ...(cap.requiredOnUpdate && mode !== 'create' ? ['cannot be cleared'] : []),
    ];
    // The field table's note says what the provider does beyond the key ("read as … when …").
    const note = cap.note === null ? '' : `: ${cap.note}`;
    return `${label} (\`${cap.key}\`${flags.map((flag) => `, ${flag}`).join('')}${note})`;
  });
  if (mode === 'read') {
    const kept = named.length > 0 ? `Kept by ${named.join(', ')}.` : '';
    return `${kept}${no.length > 0 ? ` Always null for ${no.join(', ')}.` : ''}`.trim();
  }
  const taken = named.length > 0 ? `Taken by ${named.join(', ')}.` : '';
  return `${taken}${no.length > 0 ? ` A value for ${no.join(', ')} is UNSUPPORTED_FIELD.` : ''}`.trim();
}
