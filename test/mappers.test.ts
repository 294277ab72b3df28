import type { ClientRecord } from '../src/clients/client.js';
import { daftra } from '../src/providers/daftra/index.js';
import { isTaxLabel, toClient as daftraClient } from '../src/providers/daftra/mapper.js';
import { toClient as fatoraClient } from '../src/providers/fatora/mapper.js';
import { toClient as icClient } from '../src/providers/invisible-collector/mapper.js';
import { fatora } from '../src/providers/fatora/index.js';
import { invisibleCollector } from '../src/providers/invisible-collector/index.js';

// The providers' own example bodies, each in, the exact Client out: pure mapper tests, no I/O.
// Sources: Fatora's GET /clients/{id} and POST /clients docs; Daftra's GET /clients/{id} docs;
// Invisible Collector's GET /customers/:id docs and its Ruby SDK's fixtures
// (invisiblecloud/invisible-collector-ruby, spec/fixtures/customer/{post,update,find}.json; their email's domain replaced
// by example.com).
// Nothing is lost into silence: every body comes back whole in `raw`, unmapped keys included.

// Each mapper is handed its module's facts (who it is, Daftra's field table), as its API does.
const fatoraMap = (raw: unknown) => fatoraClient(fatora, raw);
const daftraMap = (raw: unknown) => daftraClient(daftra, raw);
const icMap = (raw: unknown) => icClient(invisibleCollector, raw);

type Fixture = [name: string, map: (raw: unknown) => ClientRecord, raw: Record<string, unknown>, expected: Omit<ClientRecord, 'raw'>];

const none = { mobile: null, notes: null, taxNumber: null, externalId: null, locale: null, currency: null, clientNumber: null };
const noAddressParts = { line2: null, city: null, region: null, postalCode: null, countryCode: null };

const DAFTRA_EXAMPLE = {
  id: 512, is_offline: true, client_number: '0000715', staff_id: 0, business_name: 'John Smith', first_name: '', last_name: '',
  email: 'user@example.com', address1: 'string', address2: 'string', city: 'string', state: 'string', postal_code: 'string',
  phone1: 'string', phone2: 'string', country_code: 'str', notes: 'string', active_secondary_address: true,
  secondary_name: 'string', secondary_address1: 'string', secondary_address2: 'string', secondary_city: 'string',
  secondary_state: 'string', secondary_postal_code: 'string', secondary_country_code: 'string', default_currency_code: 'strin',
  last_login: '2018-05-10 00:42:00', suspend: true, last_ip: '127.0.0.1', created: '2018-05-10 00:42:00',
  modified: '2018-05-12 13:05:06', follow_up_status: null, category: 'string', group_price_id: 0, timezone: 0,
  bn1: 'string', bn1_label: 'string', bn2_label: 'string', bn2: 'string', starting_balance: null, type: null,
  birth_date: '2018-05-10', gender: null, map_location: null, credit_limit: 0, credit_period: 0,
};

const IC_RUBY_POST = {
  name: 'John Doe Inc.', vatNumber: 'PT543219876', address: 'Invisible Avenue, 456', zipCode: '1234-543', city: 'Lisbon',
  country: 'PT', email: 'potatoes@example.com', mobile: '351557424678', gid: '061d2feb-81c2-4694-a74a-13cecbe7d2ce', externalId: '100001',
};
const IC_ADDRESS = {
  line1: 'Invisible Avenue, 456', line2: null, city: 'Lisbon', region: null, postalCode: '1234-543', countryCode: 'PT',
  formatted: 'Invisible Avenue, 456, 1234-543 Lisbon, PT',
};
const IC_ID = { id: 'invisible-collector:061d2feb-81c2-4694-a74a-13cecbe7d2ce', provider: 'invisible-collector', providerId: '061d2feb-81c2-4694-a74a-13cecbe7d2ce' };

const fixtures: Fixture[] = [
  ['Fatora GET /clients/1024 (docs)', fatoraMap,
    { id: 1024, name: 'Client Name', address: 'Client Address', phone: 'Client Phone', email: 'client@example.com', notes: 'Additional notes' },
    {
      ...none, id: 'fatora:1024', provider: 'fatora', providerId: '1024', name: 'Client Name', email: 'client@example.com', phone: 'Client Phone',
      address: { ...noAddressParts, line1: 'Client Address', formatted: 'Client Address' }, notes: 'Additional notes',
    }],
  ['Fatora POST /clients answer (docs): `note`, not `notes`', fatoraMap,
    { id: 123, name: 'Client Name', phone: 'Client Phone', email: 'client@example.com', address: 'Client Address', note: 'Additional notes' },
    {
      ...none, id: 'fatora:123', provider: 'fatora', providerId: '123', name: 'Client Name', email: 'client@example.com', phone: 'Client Phone',
      address: { ...noAddressParts, line1: 'Client Address', formatted: 'Client Address' }, notes: 'Additional notes',
    }],
  // The docs' placeholder bn1_label "string" names no tax number, so bn1 is not read as one.
  ['Daftra GET /clients/512 (docs)', daftraMap, DAFTRA_EXAMPLE,
    {
      ...none, id: 'daftra:512', provider: 'daftra', providerId: '512', name: 'John Smith', email: 'user@example.com',
      phone: 'string', mobile: 'string', notes: 'string', currency: 'strin', clientNumber: '0000715',
      address: {
        line1: 'string', line2: 'string', city: 'string', region: 'string', postalCode: 'string', countryCode: 'str',
        formatted: 'string, string, string, string, string, str',
      },
    }],
  ['Daftra person client with a tax label and language_code', daftraMap,
    { id: '513', business_name: '', first_name: 'Mona', last_name: 'Hassan', bn1: '300-1', bn1_label: 'Tax ID number', language_code: 'ar', email: null },
    { ...none, id: 'daftra:513', provider: 'daftra', providerId: '513', name: 'Mona Hassan', email: null, phone: null, address: null, taxNumber: '300-1', locale: 'ar' }],
  ['Invisible Collector GET /customers/:id (docs)', icMap,
    {
      name: 'John Doe Inc.', vatNumber: 'PT543219876', address: 'Invisible Avenue, 456', zipCode: '1234-543', city: 'Lisbon', country: 'PT',
      email: 'john@doe.example', phone: '555-555-555', mobile: '444-444-444', externalId: '345', gid: '061d2feb-81c2-4694-a74a-13cecbe7d2ce', locale: 'pt',
    },
    {
      ...none, ...IC_ID, name: 'John Doe Inc.', email: 'john@doe.example', phone: '555-555-555', mobile: '444-444-444',
      address: IC_ADDRESS, taxNumber: 'PT543219876', externalId: '345', locale: 'pt',
    }],
  ['Invisible Collector Ruby SDK post.json', icMap, IC_RUBY_POST,
    { ...none, ...IC_ID, name: 'John Doe Inc.', email: 'potatoes@example.com', phone: null, mobile: '351557424678', address: IC_ADDRESS, taxNumber: 'PT543219876', externalId: '100001' }],
  ['Invisible Collector Ruby SDK update.json (no mobile)', icMap, (({ mobile: _m, ...rest }) => rest)(IC_RUBY_POST),
    { ...none, ...IC_ID, name: 'John Doe Inc.', email: 'potatoes@example.com', phone: null, address: IC_ADDRESS, taxNumber: 'PT543219876', externalId: '100001' }],
  ['Invisible Collector Ruby SDK find.json, first entry', icMap, { ...IC_RUBY_POST },
    { ...none, ...IC_ID, name: 'John Doe Inc.', email: 'potatoes@example.com', phone: null, mobile: '351557424678', address: IC_ADDRESS, taxNumber: 'PT543219876', externalId: '100001' }],
];

test.each(fixtures)('%s', (_name, map, raw, expected) => {
  expect(map(raw)).toEqual({ ...expected, raw });
});

test.each([
  ['Fatora', () => fatoraMap({ id: '1/2', name: 'x' }), 'Fatora sent a client whose id is not a Fatora id'],
  ['Daftra', () => daftraMap({ id: '../admin' }), 'Daftra sent a client whose id is not a Daftra id'],
  ['Invisible Collector', () => icMap({ gid: '../../admin?x=1#', name: 'x' }),
    'Invisible Collector sent a customer whose gid is not an Invisible Collector id'],
])('%s: an answer whose id is not one of the provider\'s ids is refused, named by its module\'s label', (_name, map, message) => {
  expect(map).toThrow(expect.objectContaining({ code: 'UPSTREAM_BAD_RESPONSE', message }));
});

// Daftra's bn1 is the tax number only when bn1_label names one: whole words, not letters inside other words.
test.each([
  [null, true],
  ['Tax ID number', true],
  ['Tax ID', true],
  ['TaxID', true],
  ['VAT', true],
  ['VAT No.', true],
  ['VATNo', true],
  ['vat number', true],
  ['TRN', true],
  ['TIN', true],
  ['GST number', true],
  ['الرقم الضريبي', true],
  ['رقم التسجيل الضريبي', true],
  ['Private company number', false],
  ['Bank routing number', false],
  ['Commercial Register', false],
  ['Business number', false],
  ['Syntax code', false],
  ['Continental id', false],
  ['Elevator no', false],
  ['السجل التجاري', false],
])('isTaxLabel(%j) is %s', (label, expected) => {
  expect(isTaxLabel(label)).toBe(expected);
});
