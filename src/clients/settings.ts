/** Where and how to reach one provider: base URL and the credential. */
export interface ProviderSettings {
  baseUrl: string;
  /** Static credential headers (a bearer token, Daftra's apikey). */
  headers: Record<string, string>;
  /** Fatora: an API key to obtain renewable bearer tokens with, instead of static headers. */
  apiKey?: string;
}
