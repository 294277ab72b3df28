import { ServiceError } from '../clients/errors.js';

/** How deep provider JSON may nest: a client record is 3-4 levels; far deeper is hostile. */
export const MAX_JSON_DEPTH = 64;

/** A provider body that is JSON but nested beyond MAX_JSON_DEPTH. */
export class TooDeepError extends ServiceError {
  override readonly name = 'TooDeepError';
  constructor(message: string) {
    super('UPSTREAM_JSON_TOO_DEEP', message);
  }
}

/**
 * JSON, or undefined for an empty or malformed body (the caller decides what that means).
 * Throws TooDeepError for JSON nested beyond `maxDepth`: parsing it is fine, but every later
 * step that recurses over it (mapping, Apollo's JSON.stringify of the answer) would overflow
 * the stack and lose the whole response.
 */
export function parseJson(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  if (text === '') return undefined;
  if (nestingDepth(text) > maxDepth) throw new TooDeepError(`JSON nested deeper than ${maxDepth} levels`);
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The deepest nesting of [ and { outside strings, in one pass over the text (a few µs for a
 * client record; no allocation). Malformed text gives some number; JSON.parse judges it.
 */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > deepest) deepest = depth;
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      depth--;
    }
  }
  return deepest;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
