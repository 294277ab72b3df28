import { writable } from '../../clients/field-table.js';
import { isNumericId } from '../ids.js';
import type { ProviderModule } from '../module.js';
import { bearerSettings, checkedUrl, rateLimitFromEnv, rateSettings } from '../settings.js';
import { createFatoraApi, JSON_CONTENT } from './api.js';

/** Every address part a caller writes is joined with ", " into Fatora's one address text. */
const ADDRESS_PART = { creatable: true, updatable: true, note: 'joined with ", " into Fatora\'s one address text; an address given in an update replaces the text' };

/** Fatora (fatora.io): everything this service knows about it. */
export const fatora: ProviderModule<'fatora'> = {
  id: 'fatora',
  label: 'Fatora',
  description: 'Fatora (fatora.io). Global ids look like "fatora:1024".',
  exampleId: '1024',
  idSyntax: { test: isNumericId, message: 'Fatora ids are numbers' },
  // Its documented paths put nothing but an id after `clients/` (get, update), and ids are numbers.
  routeWords: { words: [], read: 'refused', paths: '`GET|PUT /clients/{id}`' },
  envSettings: [
    { name: 'FATORA_API_KEY', default: '—', meaning: 'Fatora API key: bearer tokens are obtained from `/Authorization/Authorize` and renewed before they expire and on a 401' },
    { name: 'FATORA_API_TOKEN', default: '—', meaning: 'a fixed Fatora bearer token (used when there is no API key)' },
    { name: 'FATORA_API_URL', default: '`https://api.fatora.io/v1`', meaning: 'Fatora\'s API base URL' },
    ...rateSettings('FATORA', 'Fatora'),
  ],
  credentialHeaders: ['x-fatora-token'],
  upstreamCredentialHeaders: ['authorization', 'api_key'],
  fields: {
    name: writable('name', { requiredOnCreate: true, requiredOnUpdate: true }),
    // Fatora's PUT requires an email (docs: update), and the whole record is sent with it.
    email: writable('email', { requiredOnUpdate: true }),
    phone: writable('phone'),
    'address.line1': writable('address', { note: 'the whole address text, as Fatora keeps it' }),
    'address.line2': { key: 'address', ...ADDRESS_PART },
    'address.city': { key: 'address', ...ADDRESS_PART },
    'address.region': { key: 'address', ...ADDRESS_PART },
    'address.postalCode': { key: 'address', ...ADDRESS_PART },
    'address.countryCode': { key: 'address', ...ADDRESS_PART },
    notes: writable('notes', { note: 'answers name it `note` or `notes`' }),
  },
  // What clientList and findClients can ask it by (list.ts calls it). Its list page
  // (getAllClients.php) documents no total, no next-page field, no tax-number or external-id
  // filter, and neither the page size maximum nor what `keyword` matches or whether `email` is exact.
  filters: {
    by: {
      search: { matches: '`keyword` (what it matches is undocumented)', find: false },
      email: { matches: '`email` (whether it is exact is undocumented)', find: true },
    },
    unfiltered: true,
    // The only page size the docs show is 20 and the maximum is undocumented: a larger size
    // silently cut short would look like the last page and hide clients, so never more than 20.
    paging: { kind: 'sized', max: 20 },
    // No count, so no end to page back from: `last` needs a `before` cursor here.
    fromEnd: false,
    calls: '`GET /clients?keyword&email&page&page_size`',
    hasNextPage: 'a full page means "maybe more" (Fatora gives no count): the next page may come back empty',
    totalCount: '`null` (Fatora does not say)',
  },
  // Its POST makes a new client each time: an in-doubt create is never sent again (OUTCOME_UNKNOWN).
  createIsIdempotent: false,
  // No field for another system's id: a copy made here carries no link (matches finds it by
  // tax number or email).
  linkField: null,
  baseUrlFromEnv: (env) => checkedUrl('FATORA_API_URL', env.FATORA_API_URL || 'https://api.fatora.io/v1'),
  settingsFromEnv(env) {
    const baseUrl = fatora.baseUrlFromEnv(env);
    // An API key wins over a fixed token: its tokens are renewed before they expire.
    if (env.FATORA_API_KEY) return { baseUrl, headers: {}, apiKey: env.FATORA_API_KEY };
    return env.FATORA_API_TOKEN ? bearerSettings(baseUrl, env.FATORA_API_TOKEN) : null;
  },
  settingsFromRequest(header, baseUrl) {
    const token = header('x-fatora-token');
    if (!token) return undefined;
    const settings = bearerSettings(baseUrl, token);
    // Fatora requires the JSON content type on every call; a request's own headers are sent as they are.
    return { ...settings, headers: { ...settings.headers, ...JSON_CONTENT } };
  },
  // No limit is documented: off unless set.
  rateBudgetFromEnv: (env) => rateLimitFromEnv(env, 'FATORA'),
  createApi: (settings, options) => createFatoraApi(fatora, settings, options),
  startSimulator: async (options) => (await import('./simulator.js')).startFatoraSimulator(fatora.id, options),
};
