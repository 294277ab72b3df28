import type { ClientRecord, ClientValues } from '../src/clients/client.js';
import { clientRecord } from '../src/clients/fields.js';
import { copyFields } from '../src/clients/copying.js';
import { lookupFor } from '../src/clients/matching.js';
import type { ProviderApi, ProviderRegistry } from '../src/clients/provider.js';
import { providerModules } from '../src/providers/index.js';

/** The pure halves of copyClient and Client.matches: the mapping onto a target, and the one lookup per target. */

// Only the facts are read by these functions.
const registry: ProviderRegistry = new Map(providerModules.map((module) => [module.id, { facts: module } as unknown as ProviderApi]));
const api = (id: string) => registry.get(id)!;

function record(provider: string, providerId: string, values: Partial<ClientValues> = {}): ClientRecord {
  return clientRecord(provider, providerId, {}, { name: 'N', ...values });
}

const address = { line1: 'L1', line2: 'L2', city: 'C', region: 'R', postalCode: 'P', countryCode: 'EG', formatted: 'x' };

describe('copyFields', () => {
  test.each([
    {
      what: 'Daftra → IC: what IC has no place for is dropped; the link is set',
      source: record('daftra', '7', { notes: 'n', address, currency: 'EGP', taxNumber: 'T' }),
      to: 'invisible-collector', input: {},
      fields: { name: 'N', address: { line1: 'L1', city: 'C', postalCode: 'P', countryCode: 'EG' }, taxNumber: 'T', externalId: 'daftra:7' },
      dropped: [['address', 'line2'], ['address', 'region'], ['notes'], ['currency']],
    },
    {
      what: 'input overrides, a null in input leaves a field out, and an input link replaces the default one',
      source: record('fatora', '1', { email: 'a@b.example', phone: '1' }),
      to: 'invisible-collector', input: { phone: null, name: 'M', externalId: 'ERP-1' },
      fields: { name: 'M', email: 'a@b.example', externalId: 'ERP-1' },
      dropped: [],
    },
    {
      what: 'IC → Daftra: the externalId has no place at Daftra; no link field there',
      source: record('invisible-collector', 'g', { externalId: 'ERP-9', locale: 'pt' }),
      to: 'daftra', input: {},
      fields: { name: 'N', locale: 'pt' },
      dropped: [['externalId']],
    },
    {
      what: 'a value given in input for a field with no place is the input\'s (UNSUPPORTED_FIELD later), not a drop',
      source: record('daftra', '7', { notes: 'n' }),
      to: 'invisible-collector', input: { notes: 'mine' },
      fields: { name: 'N', notes: 'mine', externalId: 'daftra:7' },
      dropped: [],
    },
  ])('$what', ({ source, to, input, fields, dropped }) => {
    const copy = copyFields(source, api(to).facts, input);
    expect(copy.fields).toEqual(fields);
    expect(copy.dropped.map((drop) => drop.field)).toEqual(dropped);
  });

  test('a reason names the target and the field', () => {
    const { dropped } = copyFields(record('daftra', '7', { clientNumber: '0001' }), api('fatora').facts, {});
    expect(dropped).toEqual([{ field: ['clientNumber'], reason: 'Fatora has no place for clientNumber' }]);
  });
});

describe('lookupFor', () => {
  test.each([
    ['an externalId naming a client of the target is read by id', record('invisible-collector', 'g', { externalId: 'daftra:512', taxNumber: 'T' }), 'daftra',
      { kind: 'read', providerId: '512' }],
    ['a target with a link field is asked by the client\'s global id', record('daftra', '5', { taxNumber: 'T', email: 'e@x.example' }), 'invisible-collector',
      { kind: 'find', field: 'externalId', value: 'daftra:5' }],
    ['else the tax number', record('invisible-collector', 'g', { taxNumber: 'T', email: 'e@x.example', externalId: 'fatora:1' }), 'daftra',
      { kind: 'find', field: 'taxNumber', value: 'T' }],
    ['else the email', record('daftra', '5', { taxNumber: 'T', email: 'e@x.example' }), 'fatora', { kind: 'find', field: 'email', value: 'e@x.example' }],
    ['an externalId that is no global id is no link', record('invisible-collector', 'g', { externalId: 'ERP-1', email: 'e@x.example' }), 'fatora',
      { kind: 'find', field: 'email', value: 'e@x.example' }],
    ['nothing to ask by', record('daftra', '5'), 'fatora', { kind: 'none' }],
  ])('%s', (_what, client, target, expected) => {
    expect(lookupFor(client, api(target), registry)).toMatchObject(expected);
  });
});
