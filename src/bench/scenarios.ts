import { Provider } from '../providers/index.js';
import { loadCustomerGid } from '../providers/invisible-collector/simulator.js';
import type { ProviderSettings } from '../clients/settings.js';

/**
 * What each benchmark scenario sends and how an answer is judged. Both the orchestrator (for
 * the one verified request before the warm-up) and the load generator (for the run) build
 * requests here, so the request that was checked is the request that is measured.
 */

export const SCENARIO_IDS = ['1', '2', '2b', '2c', '3', '4', '5', '6'] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

/** Where the load goes: the service's GraphQL URL and each simulator's settings. */
export interface Targets {
  serviceUrl: string;
  simulators: Record<Provider, ProviderSettings>;
}

/**
 * Which build a request goes to: this service, or the plain build (src/bench/plain-service.ts),
 * which has no federation, so its `_entities` stand-in is `clients(ids)` with the same ids.
 */
export type Flavour = 'service' | 'plain';

/** One kind of request, ready for autocannon or fetch. */
export interface LoadRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** The same body every request … */
  body?: string;
  /** … or a fresh one for each request (autocannon's setupRequest calls it). */
  nextBody?: () => string;
  /**
   * Cheap check of every answer body during the run (a miss counts as an error). A substring
   * test, not JSON.parse: the load generator shares the machine's two cores with the service.
   */
  verify(body: string): boolean;
  /** Thorough check of one answer before the warm-up: null when right, else what is wrong. */
  check(status: number, body: string): string | null;
}

export interface Scenario {
  id: ScenarioId;
  title: string;
  /** Distinct upstream clients one operation names: its upstream calls when nothing is shared. */
  distinctIds: number;
  /** Whether the plain build is measured on it too (not on scenario 1, which has no service, nor 6: the plain build has no list). */
  plain: boolean;
  build(targets: Targets, flavour?: Flavour): LoadRequest;
}

const CLIENT_QUERY = 'query ($id: ID!) { client(id: $id) { id name } }';
const CLIENTS_QUERY = 'query ($ids: [ID!]!) { clients(ids: $ids) { id name } }';
const ENTITIES_QUERY = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Client { id name } } }';
const LIST_QUERY = 'query { clientList(provider: FATORA, first: 20) { edges { node { id name email } } } }';
const CREATE_MUTATION = 'mutation ($input: CreateClientInput!) { createClient(input: $input) { client { id name } userErrors { field message code } } }';

const gql = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });

/** Scenario 3: 10 ids, 7 distinct (4 Fatora, 3 Daftra), three of them asked twice. */
export const CLIENTS_IDS = ['fatora:3000', 'daftra:3000', 'fatora:3001', 'daftra:3001', 'fatora:3002', 'daftra:3002', 'fatora:3003', 'fatora:3000', 'daftra:3000', 'fatora:3001'];

/** Scenario 4: 50 representations cycling over 20 distinct ids (7 Fatora, 7 Daftra, 6 Invisible Collector). */
const ENTITY_DISTINCT = [
  ...Array.from({ length: 7 }, (_, i) => `fatora:${3100 + i}`),
  ...Array.from({ length: 7 }, (_, i) => `daftra:${3100 + i}`),
  ...Array.from({ length: 6 }, (_, i) => `invisible-collector:${loadCustomerGid(i)}`),
];
export const ENTITY_IDS = Array.from({ length: 50 }, (_, i) => ENTITY_DISTINCT[i % ENTITY_DISTINCT.length]!);

/** A GraphQL POST to the service whose answer must carry `expected` and no `errors` entry. */
function graphql(targets: Targets, body: Omit<LoadRequest, 'url' | 'method' | 'headers' | 'verify' | 'check'>,
  verify: (body: string) => boolean, check: (data: Record<string, unknown>) => string | null): LoadRequest {
  return {
    url: targets.serviceUrl,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...body,
    // `"errors":` can only occur as a key: inside a JSON string the quotes would be escaped.
    verify: (text) => !text.includes('"errors":') && verify(text),
    check: (status, text) => {
      if (status !== 200) return `HTTP ${status}: ${text.slice(0, 300)}`;
      const answer = JSON.parse(text) as { data?: Record<string, unknown>; errors?: unknown };
      if (answer.errors !== undefined) return `GraphQL errors: ${JSON.stringify(answer.errors).slice(0, 300)}`;
      if (!answer.data) return `no data: ${text.slice(0, 300)}`;
      return check(answer.data) ?? (verify(text) ? null : `the run's body check would fail on: ${text.slice(0, 300)}`);
    },
  };
}

/** The ids of a list of `{ id }` answers, or a problem. */
function idsOf(list: unknown, expected: string[]): string | null {
  if (!Array.isArray(list)) return `expected a list, got ${JSON.stringify(list)}`;
  const ids = list.map((item: { id?: unknown } | null) => item?.id ?? null);
  return JSON.stringify(ids) === JSON.stringify(expected) ? null : `expected ids ${JSON.stringify(expected)}, got ${JSON.stringify(ids)}`;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    id: '1',
    title: 'simulator GET /clients/1024 (the limit)',
    distinctIds: 1,
    plain: false,
    build: (targets) => {
      const fatora = targets.simulators[Provider.FATORA];
      return {
        url: `${fatora.baseUrl}/clients/1024`,
        method: 'GET',
        headers: fatora.headers,
        verify: (text) => text.includes('"status":"SUCCESS"'),
        check: (status, text) => (status === 200 && text.includes('"status":"SUCCESS"') && text.includes('"id":1024')
          ? null : `HTTP ${status}: ${text.slice(0, 300)}`),
      };
    },
  },
  {
    id: '2',
    title: 'client(id) hot: fatora:1024',
    distinctIds: 1,
    plain: true,
    build: (targets) => graphql(targets, { body: gql(CLIENT_QUERY, { id: 'fatora:1024' }) },
      (text) => text.includes('"client":{"id":"fatora:1024"'),
      (data) => idsOf([data.client], ['fatora:1024'])),
  },
  {
    id: '2b',
    title: 'client(id) random of 200 Fatora, id in variables',
    distinctIds: 1,
    plain: true,
    build: (targets) => graphql(targets, {
      nextBody: () => gql(CLIENT_QUERY, { id: randomFatoraId() }),
    }, (text) => text.includes('"client":{"id":"fatora:3'), checkRandomClient),
  },
  {
    id: '2c',
    title: 'client(id) random of 200 Fatora, id inlined',
    distinctIds: 1,
    plain: true,
    // 200 different documents: what a client that builds query strings sends.
    build: (targets) => graphql(targets, {
      nextBody: () => JSON.stringify({ query: `{ client(id: "${randomFatoraId()}") { id name } }` }),
    }, (text) => text.includes('"client":{"id":"fatora:3'), checkRandomClient),
  },
  {
    id: '3',
    title: 'clients(ids): 10 ids, 7 distinct, 2 providers',
    distinctIds: 7,
    plain: true,
    build: (targets) => graphql(targets, { body: gql(CLIENTS_QUERY, { ids: CLIENTS_IDS }) },
      // Every listed client exists, so any null means one went missing.
      (text) => text.includes('"clients":[') && !text.includes('null'),
      (data) => idsOf(data.clients, CLIENTS_IDS)),
  },
  {
    id: '4',
    title: '_entities: 50 reps, 20 distinct, 3 providers',
    distinctIds: 20,
    plain: true,
    build: (targets, flavour) => (flavour === 'plain'
      ? graphql(targets, { body: gql(CLIENTS_QUERY, { ids: ENTITY_IDS }) },
        (text) => text.includes('"clients":[') && !text.includes('null'),
        (data) => idsOf(data.clients, ENTITY_IDS))
      : graphql(targets, {
        body: gql(ENTITIES_QUERY, { r: ENTITY_IDS.map((id) => ({ __typename: 'Client', id })) }),
      },
      (text) => text.includes('"_entities":[') && !text.includes('null'),
      (data) => idsOf(data._entities, ENTITY_IDS))),
  },
  {
    id: '5',
    title: 'createClient at Fatora',
    distinctIds: 1,
    plain: true,
    build: (targets) => {
      // A unique name per request; no email, so Fatora's duplicate-email rule never applies.
      const run = `${process.pid}-${Date.now().toString(36)}`;
      let serial = 0;
      return graphql(targets, {
        nextBody: () => gql(CREATE_MUTATION, { input: { provider: 'FATORA', name: `Bench ${run}-${++serial}` } }),
      },
      (text) => text.includes('"client":{"id":"fatora:') && text.includes('"userErrors":[]'),
      (data) => {
        const payload = data.createClient as { client?: { id?: unknown } | null; userErrors?: unknown[] } | null;
        if (payload?.userErrors?.length !== 0) return `userErrors: ${JSON.stringify(payload?.userErrors)}`;
        return typeof payload.client?.id === 'string' ? null : `no client: ${JSON.stringify(payload)}`;
      });
    },
  },
  {
    id: '6',
    title: 'clientList: one page of 20 Fatora clients',
    // One upstream list call per request; lists are never shared between requests.
    distinctIds: 1,
    // The plain build has no list to compare with.
    plain: false,
    build: (targets) => graphql(targets, { body: gql(LIST_QUERY, {}) },
      (text) => text.includes('"edges":[{"node":{"id":"fatora:1024","name":"Client Name","email":"client@fatora.example"}'),
      (data) => {
        const list = data.clientList as { edges?: Array<{ node?: { id?: unknown; email?: unknown } }> } | null;
        const ids = list?.edges?.map((edge) => edge.node?.id) ?? [];
        const emails = list?.edges?.filter((edge) => typeof edge.node?.email === 'string').length ?? 0;
        return ids.length === 20 && ids[0] === 'fatora:1024' && emails === 19 ? null : `unexpected page ${JSON.stringify(list).slice(0, 300)}`;
      }),
  },
];

function randomFatoraId(): string {
  return `fatora:${3000 + Math.floor(Math.random() * 200)}`;
}

function checkRandomClient(data: Record<string, unknown>): string | null {
  const client = data.client as { id?: unknown } | null;
  return typeof client?.id === 'string' && /^fatora:3[01]\d\d$/.test(client.id) ? null : `unexpected client ${JSON.stringify(client)}`;
}

export function scenario(id: string): Scenario {
  const found = SCENARIOS.find((s) => s.id === id);
  if (!found) throw new Error(`unknown scenario "${id}" (known: ${SCENARIO_IDS.join(', ')})`);
  return found;
}
