import type { FieldPath } from './client.js';
import type { WriteRefusedError } from './errors.js';
import { providerText } from './provider-text.js';

/** Why a mutation did not happen, in terms the caller can act on. */
export enum UserErrorCode {
  REQUIRED = 'REQUIRED',
  INVALID = 'INVALID',
  NOT_FOUND = 'NOT_FOUND',
  UNSUPPORTED_FIELD = 'UNSUPPORTED_FIELD',
  CONFLICT = 'CONFLICT',
  REJECTED = 'REJECTED',
}

export interface UserErrorData {
  /** Path into the mutation's arguments, e.g. ["input", "email"]. */
  field: string[];
  message: string;
  code: UserErrorCode;
}

export const inputField = (path: FieldPath | null): string[] => (path ? ['input', ...path] : ['input']);

/** Human name of a field path: "email", "address.countryCode". */
export const fieldName = (path: FieldPath): string => path.join('.');

/** The user errors for a write the provider refused. */
export function refusalErrors(error: WriteRefusedError, isCreate: boolean): UserErrorData[] {
  // A 404 to an update means the client is gone; a create has no id to point at.
  // The messages are the provider's own text: scrubbed of anything credential-like, capped.
  if (error.code === 'NOT_FOUND' && !isCreate) {
    return [{ field: ['id'], message: providerText(error.message), code: UserErrorCode.NOT_FOUND }];
  }
  const code = error.code === 'CONFLICT' ? UserErrorCode.CONFLICT : UserErrorCode.REJECTED;
  if (error.problems.length === 0) return [{ field: ['input'], message: providerText(error.message), code }];
  return error.problems.map((problem) => ({ field: inputField(problem.field), message: providerText(problem.message), code }));
}
