import { isEmail } from 'class-validator';
import type { ClientFields, FieldPath } from './client.js';
import { canWrite } from './field-table.js';
import { givenPaths, valueAt } from './fields.js';
import type { ProviderApi } from './provider.js';
import { fieldName, inputField, UserErrorCode, type UserErrorData } from './user-errors.js';

/**
 * The checks we can make before calling a provider. Every problem is reported, not just the
 * first, so a form can mark all its bad fields at once.
 */

/** Checks of the input alone: name, unsupported fields, formats. */
export function checkInput(provider: ProviderApi, input: ClientFields, isCreate: boolean): UserErrorData[] {
  const errors: UserErrorData[] = [];
  if (isCreate || input.name !== undefined) {
    if (typeof input.name !== 'string' || input.name.trim() === '') {
      errors.push({ field: ['input', 'name'], message: 'name must not be empty', code: UserErrorCode.REQUIRED });
    }
  }
  const { label, fields } = provider.facts;
  const on = isCreate ? 'create' : 'update';
  for (const path of givenPaths(input)) {
    // A null for a field the provider has no place for asks for nothing: there is nothing to clear.
    if (valueAt(input, path) === null || canWrite(fields, path, on)) continue;
    const never = !canWrite(fields, path, isCreate ? 'update' : 'create');
    errors.push({
      field: inputField(path),
      message: never
        ? `${label} has no place for ${fieldName(path)}; leave it out for this provider`
        : `${label} does not take ${fieldName(path)} on ${on}; leave it out`,
      code: UserErrorCode.UNSUPPORTED_FIELD,
    });
  }
  if (typeof input.email === 'string' && !isEmail(input.email)) {
    errors.push({ field: ['input', 'email'], message: `"${input.email}" is not an email address`, code: UserErrorCode.INVALID });
  }
  const country = input.address?.countryCode;
  if (typeof country === 'string' && !/^[A-Z]{2}$/.test(country)) {
    errors.push({
      field: ['input', 'address', 'countryCode'],
      message: `address.countryCode must be an ISO 3166-1 alpha-2 code such as "PT", not "${country}"`,
      code: UserErrorCode.INVALID,
    });
  }
  if (typeof input.locale === 'string' && !isLocaleTag(input.locale)) {
    errors.push({ field: ['input', 'locale'], message: 'locale must be a locale such as "pt" or "en-GB"', code: UserErrorCode.INVALID });
  }
  for (const problem of provider.checkFormat?.(input) ?? []) {
    errors.push({ field: inputField(problem.path), message: `${fieldName(problem.path)} ${problem.message}`, code: UserErrorCode.INVALID });
  }
  return errors;
}

/** Fields the provider requires that `fields` (a create, or an update merged) leaves empty. */
export function checkRequired(
  provider: ProviderApi,
  fields: ClientFields,
  required: readonly FieldPath[],
  reported: readonly UserErrorData[],
): UserErrorData[] {
  const { label } = provider.facts;
  const already = new Set(reported.map((error) => error.field.join('.')));
  const errors: UserErrorData[] = [];
  for (const path of required) {
    const value = valueAt(fields, path);
    if (typeof value === 'string' && value.trim() !== '') continue;
    const field = inputField(path);
    if (already.has(field.join('.'))) continue;
    errors.push({ field, message: `${label} requires ${fieldName(path)}`, code: UserErrorCode.REQUIRED });
  }
  return errors;
}

/**
 * Empty strings become null: forms send "" for an empty box, and no provider keeps a
 * difference between "" and no value.
 */
export function normaliseInput(input: ClientFields): ClientFields {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (key === 'name') out[key] = value;
    else if (key === 'address' && value !== null) out[key] = normaliseInput(value as ClientFields);
    else out[key] = value === '' ? null : value;
  }
  return out as ClientFields;
}

/**
 * A BCP 47 tag with a two- or three-letter language ("pt", "en-GB", "pt_PT"): providers use
 * the locale to pick the language of what they send. (class-validator's isLocale accepts
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
