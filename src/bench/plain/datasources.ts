import { RESTDataSource, type AugmentedRequest } from '@apollo/datasource-rest';

/**
 * The plain build's data sources: one RESTDataSource per provider, written the way the
 * Apollo docs show, with no DataLoader, no shared reads between requests, no retries,
 * breakers or body limits. What a user would write instead of this service, for the bench.
 */

export interface PlainClient {
  id: string;
  name: string;
}

export interface Upstream {
  baseUrl: string;
  headers: Record<string, string>;
}

abstract class ProviderAPI extends RESTDataSource {
  constructor(private readonly upstream: Upstream) {
    super();
    this.baseURL = `${upstream.baseUrl}/`;
  }

  override willSendRequest(_path: string, request: AugmentedRequest): void {
    Object.assign(request.headers, this.upstream.headers);
  }

  abstract getClient(id: string): Promise<PlainClient | null>;
}

export class FatoraAPI extends ProviderAPI {
  async getClient(id: string): Promise<PlainClient> {
    const body = await this.get<{ client: { id: number; name: string } }>(`clients/${encodeURIComponent(id)}`);
    return { id: `fatora:${body.client.id}`, name: body.client.name };
  }

  async createClient(name: string): Promise<PlainClient> {
    const body = await this.post<{ client: { id: number; name: string } }>('clients', { body: { name } });
    return { id: `fatora:${body.client.id}`, name: body.client.name };
  }
}

export class DaftraAPI extends ProviderAPI {
  async getClient(id: string): Promise<PlainClient> {
    const body = await this.get<{ data: { Client: { id: number; business_name: string } } }>(`clients/${encodeURIComponent(id)}`);
    return { id: `daftra:${body.data.Client.id}`, name: body.data.Client.business_name };
  }
}

export class InvisibleCollectorAPI extends ProviderAPI {
  async getClient(id: string): Promise<PlainClient> {
    const body = await this.get<{ gid: string; name: string }>(`customers/${encodeURIComponent(id)}`);
    return { id: `invisible-collector:${body.gid}`, name: body.name };
  }
}

export interface PlainSources {
  fatora: FatoraAPI;
  daftra: DaftraAPI;
  'invisible-collector': InvisibleCollectorAPI;
}
