import { codesOf, ERROR_CODES, type ErrorSurface } from '../clients/error-codes.js';

/**
 * The manual's error tables (docs/api.md, "Errors"), generated from the one vocabulary
 * (clients/error-codes.ts): a code added there is documented by `npm run schema`.
 */

function table(header: string, surfaces: readonly ErrorSurface[]): string {
  const rows = surfaces.flatMap(codesOf).map((code) => `| \`${code}\` | ${ERROR_CODES[code].description} |`);
  return [header, '|---|---|', ...rows].join('\n');
}

/** Every `extensions.code` a caller can meet: at a field, then those refusing the whole request. */
export const errorCodeTableMarkdown = (): string => table('| `extensions.code` | meaning |', ['field', 'request']);

/** Every `userErrors[].code` of a mutation. */
export const userErrorTableMarkdown = (): string => table('| `UserErrorCode` | when |', ['userError']);
