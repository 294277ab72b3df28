import { globalId, PROVIDER_LABEL, Provider, type FieldPath } from '../../clients/client.js';
import { text } from '../../clients/fields.js';
import type { ClientProvider } from '../../clients/provider.js';
import { WriteRefusedError } from '../errors.js';
import { badResponse, createHttp, isMissing, isRecord, type UpstreamResponse } from '../http.js';
import { isTokenId } from '../ids.js';
import type { ClientOptions, ProviderSettings } from '../module.js';
import { supports, toBody, toClient } from './mapper.js';

const IC = Provider.INVISIBLE_COLLECTOR;

/**
 * Invisible Collector's customer API: GET/PUT /customers/{gid or externalId}, POST /customers,
 * Bearer token. Answers are the bare customer; errors are `{"code","message"}`.
 */
export function createInvisibleCollectorClient(settings: ProviderSettings | null, options: ClientOptions): ClientProvider {
  const http = createHttp(IC, PROVIDER_LABEL[IC], settings, options);
  return {
    provider: IC,
    configured: settings !== null,
    // A gid (UUID) or an externalId: both are plain tokens.
    isValidId: isTokenId,
    supports,
    requiredOnCreate: [['name'], ['taxNumber'], ['address', 'countryCode']],
    // The PUT replaces the whole record and requires a country; vatNumber is not required there.
    requiredOnUpdate: [['name'], ['address', 'countryCode']],

    checkFormat(fields) {
      const problems: Array<{ path: FieldPath; message: string }> = [];
      if (typeof fields.locale === 'string' && !isLocaleTag(fields.locale)) {
        problems.push({ path: ['locale'], message: 'must be a locale such as "pt" or "en-GB"' });
      }
      return problems;
    },

    probe: http.probe,
    close: http.close,
    // A customer is read by gid or by externalId alike.
    aliases: (client) => (client.externalId && isTokenId(client.externalId) ? [client.externalId] : []),

    async get(id, scope) {
      // isTokenId already keeps ids to URL-safe characters; encoding keeps that true if it loosens.
      const response = await http.send({ method: 'GET', path: `customers/${encodeURIComponent(id)}`, route: 'customers/:id' }, scope);
      if (isMissing(IC, response, isIcError)) return null;
      return toClient(customerOf(response, false));
    },

    async create(fields, scope) {
      const response = await http.send({ method: 'POST', path: 'customers', route: 'customers', body: toBody(fields) }, scope);
      return toClient(customerOf(response, true));
    },

    async update(current, _patch, merged, scope) {
      const path = `customers/${encodeURIComponent(current.providerId)}`;
      const response = await http.send({ method: 'PUT', path, route: 'customers/:id', body: toBody(merged) }, scope);
      return toClient(customerOf(response, true));
    },
  };
}

/**
 * A BCP 47 tag with a two- or three-letter language ("pt", "en-GB", "pt_PT"): IC uses the
 * locale to pick the language of its notifications. (class-validator's isLocale accepts
 * words like "english", so it is not enough here.)
 */
function isLocaleTag(locale: string): boolean {
  if (!/^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/.test(locale)) return false;
  try {
    Intl.getCanonicalLocales(locale.replace(/_/g, '-'));
    return true;
  } catch {
    return false;
  }
}

/** The customer of a 2xx answer; any other answer becomes the matching error. */
function customerOf(response: UpstreamResponse, isWrite: boolean): unknown {
  const body = response.json;
  if (!isRecord(body)) throw badResponse(IC, `an answer that is not a JSON object (HTTP ${response.status})`);
  if (response.status >= 200 && response.status < 300) return body;
  const message = text(body.message) ?? `${PROVIDER_LABEL[IC]} refused the request (HTTP ${response.status})`;
  if (!isWrite) throw badResponse(IC, `an error to a read: ${message}`);
  if (response.status === 409) {
    // The 409 names the customer already holding this vatNumber or externalId, when IC knows it.
    const gid = text(body.gid);
    const existingId = gid === null ? undefined : globalId(IC, gid);
    throw new WriteRefusedError('CONFLICT', IC, existingId ? `${message} (existing client ${existingId})` : message);
  }
  throw new WriteRefusedError(response.status === 404 ? 'NOT_FOUND' : 'REJECTED', IC, message);
}

/** Invisible Collector's own error answer: `{"code":404,"message":…}`. */
function isIcError(body: unknown): boolean {
  return isRecord(body) && body.code === 404 && typeof body.message === 'string';
}
