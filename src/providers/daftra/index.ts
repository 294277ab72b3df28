import { readOnly, writable } from '../../clients/field-table.js';
import { RequestCredentialError } from '../../clients/provider.js';
import { ConfigError } from '../../config-error.js';
import { isNumericId } from '../ids.js';
import type { ProviderModule } from '../module.js';
import { checkedUrl, rateLimitFromEnv, rateSettings } from '../settings.js';
import { createDaftraApi } from './api.js';

/** Each Daftra account has its own host; "{subdomain}" in the URL stands for it. */
const PLACEHOLDER = '{subdomain}';

/** Daftra (daftra.com): everything this service knows about it. */
export const daftra: ProviderModule<'daftra'> = {
  id: 'daftra',
  label: 'Daftra',
  description: 'Daftra (daftra.com). Global ids look like "daftra:512".',
  exampleId: '512',
  idSyntax: { test: isNumericId, message: 'Daftra ids are numbers' },
  // Its documented paths put nothing but an id after `clients/` (`clients{format}` is `clients.json`,
  // not a word after the slash), and ids are numbers.
  routeWords: { words: [], read: 'refused', paths: '`GET|PUT /clients/{id}`' },
  envSettings: [
    { name: 'DAFTRA_API_TOKEN', default: '—', meaning: 'Daftra bearer token (preferred)' },
    { name: 'DAFTRA_API_KEY', default: '—', meaning: 'Daftra `apikey` header (deprecated by Daftra; used when there is no token)' },
    { name: 'DAFTRA_SUBDOMAIN', default: '—', meaning: 'your Daftra account\'s subdomain, for `https://{subdomain}.daftra.com/api2`' },
    {
      name: 'DAFTRA_API_URL',
      default: '`https://{subdomain}.daftra.com/api2`',
      meaning: 'overrides the URL; `{subdomain}` is filled from `DAFTRA_SUBDOMAIN` or a request\'s `x-daftra-subdomain`',
    },
    ...rateSettings('DAFTRA', 'Daftra'),
  ],
  credentialHeaders: ['x-daftra-token'],
  upstreamCredentialHeaders: ['authorization', 'apikey'],
  // Our field ⇄ Daftra's `Client` key: reads, writes and the paths of refusals all use it.
  fields: {
    name: writable('business_name', {
      requiredOnCreate: true, requiredOnUpdate: true,
      note: 'read as "first_name last_name" when there is no business name; a create is sent as a business (type 3)',
    }),
    email: writable('email'),
    phone: writable('phone1'),
    mobile: writable('phone2'),
    'address.line1': writable('address1'),
    'address.line2': writable('address2'),
    'address.city': writable('city'),
    'address.region': writable('state'),
    'address.postalCode': writable('postal_code'),
    'address.countryCode': writable('country_code'),
    notes: writable('notes'),
    // bn1's meaning is given by bn1_label ("Tax ID", "Commercial Register", …): it is read as
    // the tax number only when the label is empty or names a tax/VAT number, and written with
    // the label "Tax ID", so that what is written reads back.
    taxNumber: writable('bn1', { note: 'bn1, read only when bn1_label is empty or names a tax number (the whole word tax, VAT, TRN, TIN or GST, or Arabic ضريبة); written with bn1_label "Tax ID"' }),
    locale: writable('language_code'),
    currency: readOnly('default_currency_code'),
    clientNumber: readOnly('client_number'),
  },
  // What clientList and findClients can ask it by (list.ts calls it, by the keys above). Which
  // fields v2 filters on is inferred from its generic filter docs (`email`, `bn1`,
  // `business_name`); bn1 serves the tax number because the field table maps it so.
  filters: {
    by: {
      search: { matches: 'v2 `filter[business_name][like]=%…%`: part of the business name (whether case counts is undocumented)', find: false },
      email: { matches: 'v2 `filter[email]`, exact', find: true },
      taxNumber: { matches: 'v2 `filter[bn1]`, exact', find: true },
    },
    unfiltered: true,
    // v1's limit goes to 1000; v2's per_page maximum is undocumented, and `first` stops at 100.
    paging: { kind: 'sized', max: 100 },
    // Its total_results (v2: total) says where the end is: `last` without `before` works.
    fromEnd: true,
    calls: 'no filter: `GET /clients?page&limit`; filtered: v2 `GET /v2/api/entity/client/list/1?page&per_page&filter[…]`',
    hasNextPage: "Daftra's own pagination: `page < page_count` (v2: `current_page < last_page`, or `current_page × per_page < total`)",
    totalCount: "Daftra's `total_results` (v2: `total`)",
  },
  // Its POST makes a new client each time: an in-doubt create is never sent again (OUTCOME_UNKNOWN).
  createIsIdempotent: false,
  // No field for another system's id: a copy made here carries no link (matches finds it by
  // tax number or email).
  linkField: null,
  // Left as a template when it holds {subdomain}: each request with its own credential names
  // its own account (x-daftra-subdomain); the server's DAFTRA_SUBDOMAIN is for its own calls.
  baseUrlFromEnv(env) {
    const url = checkedUrl('DAFTRA_API_URL', env.DAFTRA_API_URL || `https://${PLACEHOLDER}.daftra.com/api2`);
    const subdomain = env.DAFTRA_SUBDOMAIN;
    if (subdomain && !isLabel(subdomain)) {
      throw new ConfigError('DAFTRA_SUBDOMAIN', `must be a subdomain label like "mycompany", not "${subdomain}"`);
    }
    return url;
  },
  settingsFromEnv(env) {
    const headers = credentialHeaders(env.DAFTRA_API_TOKEN, env.DAFTRA_API_KEY);
    if (headers === null) return null;
    const template = daftra.baseUrlFromEnv(env);
    if (!template.includes(PLACEHOLDER)) return { baseUrl: template, headers };
    if (!env.DAFTRA_SUBDOMAIN) throw new ConfigError('DAFTRA_SUBDOMAIN', 'must be set when a Daftra credential (DAFTRA_API_TOKEN or DAFTRA_API_KEY) is: '
      + 'your account\'s subdomain, for https://{subdomain}.daftra.com/api2 (or set DAFTRA_API_URL to your account\'s full API URL)');
    return { baseUrl: template.replace(PLACEHOLDER, env.DAFTRA_SUBDOMAIN), headers };
  },
  settingsFromRequest(header, baseUrl) {
    const token = header('x-daftra-token');
    if (!token) return undefined;
    const subdomain = header('x-daftra-subdomain');
    if (subdomain === undefined) {
      if (baseUrl.includes(PLACEHOLDER)) throw new RequestCredentialError('x-daftra-subdomain is required with x-daftra-token');
      return { baseUrl, headers: { authorization: `Bearer ${token}` } };
    }
    if (!isLabel(subdomain)) throw new RequestCredentialError(`x-daftra-subdomain must be a subdomain label like "mycompany"`);
    if (!baseUrl.includes(PLACEHOLDER)) {
      // Never route silently elsewhere than the caller asked.
      throw new RequestCredentialError('x-daftra-subdomain cannot be used here: this server sends all Daftra calls to one fixed URL');
    }
    return { baseUrl: baseUrl.replace(PLACEHOLDER, subdomain), headers: { authorization: `Bearer ${token}` } };
  },
  // No limit is documented (Daftra announces a rate-limit section with no numbers): off unless set.
  rateBudgetFromEnv: (env) => rateLimitFromEnv(env, 'DAFTRA'),
  createApi: (settings, options) => createDaftraApi(daftra, settings, options),
  startSimulator: async (options) => (await import('./simulator.js')).startDaftraSimulator(daftra.id, options),
};

/** The docs mark the apikey header deprecated, so a bearer token wins when both are set. */
function credentialHeaders(token: string | undefined, apiKey: string | undefined): Record<string, string> | null {
  if (token) return { authorization: `Bearer ${token}` };
  return apiKey ? { apikey: apiKey } : null;
}

/** One DNS label, so a subdomain can never change the host it is part of. */
function isLabel(value: string): boolean {
  return /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(value);
}
