import type { ProviderFacts } from '../clients/provider.js';

/**
 * Every place a credential could sit in something we log: the credential headers each
 * provider module declares (the request headers tenants send, the upstream headers we send),
 * under every object that may hold headers. We never log request or upstream headers on
 * purpose; this is the net under that rule (a test scans the log output). Plain paths, no
 * leading wildcards: they are checked on every line.
 */
const HOLDERS = ['headers', 'req.headers', 'request.headers', 'err.options.headers', 'err.request.options.headers'];

export function redactPaths(providers: readonly ProviderFacts[]): string[] {
  const names = new Set(['authorization', ...providers.flatMap((facts) => [...facts.upstreamCredentialHeaders, ...facts.credentialHeaders])]);
  return HOLDERS.flatMap((holder) => [...names].map((name) => `${holder}["${name}"]`));
}
