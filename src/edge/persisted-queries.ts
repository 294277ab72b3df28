import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config-error.js';

/**
 * A safelist of operations, from the persisted-documents JSON the GraphQL codegen client
 * preset emits: `{ "<hash>": "<document>" }`. With PERSISTED_QUERIES_ONLY=true only these
 * documents run, whether a request sends the document itself, its hash as an automatic
 * persisted query (`extensions.persistedQuery.sha256Hash`) or as a `documentId`.
 */
export interface PersistedDocuments {
  /** The document for a hash (the list's own keys, or the document's SHA-256). */
  byHash(hash: string): string | undefined;
  has(document: string): boolean;
  /** An APQ cache that knows exactly the listed documents and learns no others. */
  apqCache: KeyValueCache<string>;
}

export function loadPersistedDocuments(path: string): PersistedDocuments {
  let list: unknown;
  try {
    list = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError('PERSISTED_QUERIES_FILE', `cannot be read as JSON: ${(error as Error).message}`);
  }
  if (typeof list !== 'object' || list === null || Array.isArray(list)
    || !Object.values(list).every((value) => typeof value === 'string')) {
    throw new ConfigError('PERSISTED_QUERIES_FILE', 'must map hashes to documents: { "<hash>": "<document>" }');
  }
  const hashes = new Map<string, string>(Object.entries(list as Record<string, string>));
  for (const document of hashes.values()) hashes.set(sha256(document), document);
  const documents = new Set(hashes.values());
  const byHash = (hash: string) => hashes.get(hash);
  return {
    byHash,
    has: (document) => documents.has(document),
    apqCache: {
      // Apollo prefixes APQ keys with "apq:".
      get: async (key) => byHash(key.replace(/^apq:/, '')),
      set: async () => {},
      delete: async () => {},
    },
  };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
