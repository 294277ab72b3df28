import { writable } from '../../clients/field-table.js';
import { isTokenId } from '../ids.js';
import type { ProviderModule } from '../module.js';
import { bearerSettings, checkedUrl, rateLimitFromEnv, rateSettings } from '../settings.js';
import { createInvisibleCollectorApi } from './api.js';

/** Invisible Collector (invisiblecollector.com): everything this service knows about it. */
export const invisibleCollector: ProviderModule<'invisible-collector'> = {
  id: 'invisible-collector',
  label: 'Invisible Collector',
  description: 'Invisible Collector (invisiblecollector.com). Global ids look like "invisible-collector:<gid>"; the externalId works too.',
  exampleId: '061d2feb-81c2-4694-a74a-13cecbe7d2ce',
  // A gid (UUID) or an externalId: both are plain tokens.
  idSyntax: {
    test: isTokenId,
    message: 'Invisible Collector ids are a gid or an externalId: letters, digits, ".", "_", "~" and "-", not starting with "."',
  },
  // `GET /customers/find` sits where `GET /customers/{id}` takes an id (every SDK: Ruby
  // customer_resource.rb, C#, Go; the other customer paths are below an id, customers/{id}/…).
  // A gid is a UUID, so only an externalId can be "find": it is read by `find?externalId=`.
  routeWords: { words: ['find'], read: 'searched', paths: '`GET /customers/find`' },
  envSettings: [
    { name: 'INVISIBLE_COLLECTOR_API_TOKEN', default: '—', meaning: 'Invisible Collector bearer token' },
    { name: 'INVISIBLE_COLLECTOR_API_URL', default: '`https://api.invisiblecollector.com`', meaning: 'Invisible Collector\'s API base URL' },
    ...rateSettings('INVISIBLE_COLLECTOR', 'Invisible Collector'),
  ],
  credentialHeaders: ['x-invisible-collector-token'],
  upstreamCredentialHeaders: ['authorization'],
  // It has one address line and no region or notes: a line2 or region is refused rather than
  // joined into line1 or dropped, since either would change what the caller reads back.
  fields: {
    name: writable('name', { requiredOnCreate: true, requiredOnUpdate: true }),
    email: writable('email'),
    phone: writable('phone'),
    mobile: writable('mobile'),
    'address.line1': writable('address'),
    'address.city': writable('city'),
    'address.postalCode': writable('zipCode'),
    'address.countryCode': writable('country', { requiredOnCreate: true, requiredOnUpdate: true }),
    taxNumber: writable('vatNumber', { requiredOnCreate: true, note: 'unique: another customer with the same vatNumber is a CONFLICT' }),
    externalId: writable('externalId', { note: 'unique; the client can be read by it too' }),
    locale: writable('locale', { note: 'the language of its notifications' }),
  },
  // It has no list of all customers, only an exact search (list.ts), answered with every
  // match at once: its C#, Go and Ruby SDKs.
  filters: {
    by: {
      email: { matches: '`email`, exact', find: true },
      taxNumber: { matches: '`vat` (the vatNumber), exact', find: true },
      externalId: { matches: '`externalId`, exact', find: true },
    },
    unfiltered: false,
    paging: { kind: 'single' },
    // One answer holds every match, the end included.
    fromEnd: true,
    calls: '`GET /customers/find?email&vat&externalId`',
    hasNextPage: 'its one answer holds every match: true only while matches beyond `first` are left',
    totalCount: 'the number of matches',
  },
  // Documented: a POST of the same customer again answers that customer (a different one with
  // its vatNumber is a 409), so an in-doubt create is sent again as it was.
  createIsIdempotent: true,
  // "An external identification of this customer. Mainly used to facilitate integration with
  // external systems" (its GET docs): the ERP's own id for the customer, where a copy keeps
  // the global id of the client it was copied from.
  linkField: 'externalId',
  baseUrlFromEnv: (env) =>
    checkedUrl('INVISIBLE_COLLECTOR_API_URL', env.INVISIBLE_COLLECTOR_API_URL || 'https://api.invisiblecollector.com'),
  settingsFromEnv(env) {
    const token = env.INVISIBLE_COLLECTOR_API_TOKEN;
    return token ? bearerSettings(invisibleCollector.baseUrlFromEnv(env), token) : null;
  },
  settingsFromRequest(header, baseUrl) {
    const token = header('x-invisible-collector-token');
    return token ? bearerSettings(baseUrl, token) : undefined;
  },
  // No limit is documented: off unless set.
  rateBudgetFromEnv: (env) => rateLimitFromEnv(env, 'INVISIBLE_COLLECTOR'),
  createApi: (settings, options) => createInvisibleCollectorApi(invisibleCollector, settings, options),
  startSimulator: async (options) => (await import('./simulator.js')).startInvisibleCollectorSimulator(invisibleCollector.id, options),
};
