/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Address parts to write. On update, only the parts given change. */
export type ClientAddressInput = {
  /** City. Taken by Fatora (`address`: joined with ", " into Fatora's one address text; an address given in an update replaces the text), Daftra (`city`), Invisible Collector (`city`). */
  city?: string | null | undefined;
  /** ISO 3166-1 alpha-2, e.g. "PT". Taken by Fatora (`address`: joined with ", " into Fatora's one address text; an address given in an update replaces the text), Daftra (`country_code`), Invisible Collector (`country`, required on create, cannot be cleared). */
  countryCode?: string | null | undefined;
  /** First line. Taken by Fatora (`address`: the whole address text, as Fatora keeps it), Daftra (`address1`), Invisible Collector (`address`). */
  line1?: string | null | undefined;
  /** Second line. Taken by Fatora (`address`: joined with ", " into Fatora's one address text; an address given in an update replaces the text), Daftra (`address2`). A value for Invisible Collector is UNSUPPORTED_FIELD. */
  line2?: string | null | undefined;
  /** Postal or zip code. Taken by Fatora (`address`: joined with ", " into Fatora's one address text; an address given in an update replaces the text), Daftra (`postal_code`), Invisible Collector (`zipCode`). */
  postalCode?: string | null | undefined;
  /** State or region. Taken by Fatora (`address`: joined with ", " into Fatora's one address text; an address given in an update replaces the text), Daftra (`state`). A value for Invisible Collector is UNSUPPORTED_FIELD. */
  region?: string | null | undefined;
};

/** What to list clients by; fields combine with AND. Each provider serves only some of them (see providers { filters }); any other is refused with UNSUPPORTED_FILTER before any upstream call. Values are trimmed; an empty value is no filter. */
export type ClientFilter = {
  /** Email address. Served by Fatora: `email` (whether it is exact is undocumented); Daftra: v2 `filter[email]`, exact; Invisible Collector: `email`, exact. */
  email?: string | null | undefined;
  /** External id. Served by Invisible Collector: `externalId`, exact. UNSUPPORTED_FILTER at Fatora, Daftra. */
  externalId?: string | null | undefined;
  /** Free text, matched as the provider matches it. Served by Fatora: `keyword` (what it matches is undocumented); Daftra: v2 `filter[business_name][like]=%…%`: part of the business name (whether case counts is undocumented). UNSUPPORTED_FILTER at Invisible Collector. */
  search?: string | null | undefined;
  /** Tax or VAT number. Served by Daftra: v2 `filter[bn1]`, exact; Invisible Collector: `vat` (the vatNumber), exact. UNSUPPORTED_FILTER at Fatora. */
  taxNumber?: string | null | undefined;
};

/** A field of ClientFilter. */
export type ClientFilterField =
  /** ClientFilter.email */
  | 'EMAIL'
  /** ClientFilter.externalId */
  | 'EXTERNAL_ID'
  /** ClientFilter.search */
  | 'SEARCH'
  /** ClientFilter.taxNumber */
  | 'TAX_NUMBER';

/** Why a mutation did not happen. */
export type ClientUserErrorCode =
  /** The provider already has such a client; the message names it when the provider says which. */
  | 'CONFLICT'
  /** A value has the wrong format (email, country code, locale, a malformed client id). */
  | 'INVALID'
  /** The client to update does not exist at its provider. Nothing was written. */
  | 'NOT_FOUND'
  /** The provider refused the write; the message is the provider's reason. */
  | 'REJECTED'
  /** A field that must have a value is empty or missing. */
  | 'REQUIRED'
  /** The provider has no place for this field. Leave it out; nothing was written. */
  | 'UNSUPPORTED_FIELD';

/** A new client. Which fields each provider stores is told on Client. */
export type CreateClientInput = {
  /** On update, only the parts given change (at a provider that keeps one address text, a given address replaces it: see the parts' notes); null clears the whole address. */
  address?: ClientAddressInput | null | undefined;
  /** Must be an email address. Taken by Fatora (`email`), Daftra (`email`), Invisible Collector (`email`). */
  email?: string | null | undefined;
  /** An id from the caller's own system. Taken by Invisible Collector (`externalId`: unique; the client can be read by it too). A value for Fatora, Daftra is UNSUPPORTED_FIELD. */
  externalId?: string | null | undefined;
  /** A locale such as "pt" or "en-GB". Taken by Daftra (`language_code`), Invisible Collector (`locale`: the language of its notifications). A value for Fatora is UNSUPPORTED_FIELD. */
  locale?: string | null | undefined;
  /** Mobile number. Taken by Daftra (`phone2`), Invisible Collector (`mobile`). A value for Fatora is UNSUPPORTED_FIELD. */
  mobile?: string | null | undefined;
  /** Display name; must not be empty. Taken by Fatora (`name`, required on create), Daftra (`business_name`, required on create: read as "first_name last_name" when there is no business name; a create is sent as a business (type 3)), Invisible Collector (`name`, required on create). */
  name: string;
  /** Free-text notes. Taken by Fatora (`notes`: answers name it `note` or `notes`), Daftra (`notes`). A value for Invisible Collector is UNSUPPORTED_FIELD. */
  notes?: string | null | undefined;
  /** Phone number, as the caller writes it. Taken by Fatora (`phone`), Daftra (`phone1`), Invisible Collector (`phone`). */
  phone?: string | null | undefined;
  /** Where to create the client. */
  provider: Provider;
  /** Tax or VAT number. Taken by Daftra (`bn1`: bn1, read only when bn1_label is empty or names a tax number (the whole word tax, VAT, TRN, TIN or GST, or Arabic ضريبة); written with bn1_label "Tax ID"), Invisible Collector (`vatNumber`, required on create: unique: another customer with the same vatNumber is a CONFLICT). A value for Fatora is UNSUPPORTED_FIELD. */
  taxNumber?: string | null | undefined;
};

/** An invoicing platform whose clients this API reads and writes. */
export type Provider =
  /** Daftra (daftra.com). Global ids look like "daftra:512". */
  | 'DAFTRA'
  /** Fatora (fatora.io). Global ids look like "fatora:1024". */
  | 'FATORA'
  /** Invisible Collector (invisiblecollector.com). Global ids look like "invisible-collector:<gid>"; the externalId works too. */
  | 'INVISIBLE_COLLECTOR';

/** What findClients (or Client.matches) did at one provider. */
export type SearchStatus =
  /** Asked, and the call failed (code is the upstream error code, e.g. UPSTREAM_UNAVAILABLE). */
  | 'FAILED'
  /** The provider was asked; its matches are in ClientMatches.clients. */
  | 'SEARCHED'
  /** Not asked: it cannot find by a given field, or it is not configured (reason and code say which). */
  | 'SKIPPED';

/** Changes to a client: only the fields given change; null clears one. */
export type UpdateClientInput = {
  /** On update, only the parts given change (at a provider that keeps one address text, a given address replaces it: see the parts' notes); null clears the whole address. */
  address?: ClientAddressInput | null | undefined;
  /** Must be an email address. Taken by Fatora (`email`, cannot be cleared), Daftra (`email`), Invisible Collector (`email`). */
  email?: string | null | undefined;
  /** An id from the caller's own system. Taken by Invisible Collector (`externalId`: unique; the client can be read by it too). A value for Fatora, Daftra is UNSUPPORTED_FIELD. */
  externalId?: string | null | undefined;
  /** A locale such as "pt" or "en-GB". Taken by Daftra (`language_code`), Invisible Collector (`locale`: the language of its notifications). A value for Fatora is UNSUPPORTED_FIELD. */
  locale?: string | null | undefined;
  /** Mobile number. Taken by Daftra (`phone2`), Invisible Collector (`mobile`). A value for Fatora is UNSUPPORTED_FIELD. */
  mobile?: string | null | undefined;
  /** Must not be empty or null. Taken by Fatora (`name`, cannot be cleared), Daftra (`business_name`, cannot be cleared: read as "first_name last_name" when there is no business name; a create is sent as a business (type 3)), Invisible Collector (`name`, cannot be cleared). */
  name?: string | null | undefined;
  /** Free-text notes. Taken by Fatora (`notes`: answers name it `note` or `notes`), Daftra (`notes`). A value for Invisible Collector is UNSUPPORTED_FIELD. */
  notes?: string | null | undefined;
  /** Phone number, as the caller writes it. Taken by Fatora (`phone`), Daftra (`phone1`), Invisible Collector (`phone`). */
  phone?: string | null | undefined;
  /** Tax or VAT number. Taken by Daftra (`bn1`: bn1, read only when bn1_label is empty or names a tax number (the whole word tax, VAT, TRN, TIN or GST, or Arabic ضريبة); written with bn1_label "Tax ID"), Invisible Collector (`vatNumber`: unique: another customer with the same vatNumber is a CONFLICT). A value for Fatora is UNSUPPORTED_FIELD. */
  taxNumber?: string | null | undefined;
};

export type ClientListQueryVariables = Exact<{
  provider: Provider;
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: ClientFilter | null | undefined;
}>;


export type ClientListQuery = { clientList: { totalCount: number | null, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, name: string, email: string | null } }> } | null };

export type FindClientsQueryVariables = Exact<{
  email?: string | null | undefined;
  taxNumber?: string | null | undefined;
  externalId?: string | null | undefined;
}>;


export type FindClientsQuery = { findClients: { clients: Array<{ id: string, name: string, email: string | null, taxNumber: string | null, externalId: string | null }>, providers: Array<{ provider: Provider, status: SearchStatus, reason: string | null, code: string | null }> } | null };

export type ProviderFiltersQueryVariables = Exact<{ [key: string]: never; }>;


export type ProviderFiltersQuery = { providers: Array<{ provider: Provider, listsWithoutFilter: boolean, filters: Array<{ field: ClientFilterField, matches: string, find: boolean }> }> };

export type ClientFieldsFragment = { id: string, provider: Provider, providerId: string, name: string, email: string | null, phone: string | null, mobile: string | null, notes: string | null, taxNumber: string | null, externalId: string | null, locale: string | null, currency: string | null, clientNumber: string | null, raw: Record<string, unknown>, address: { line1: string | null, line2: string | null, city: string | null, region: string | null, postalCode: string | null, countryCode: string | null, formatted: string | null } | null };

export type ClientQueryVariables = Exact<{
  id: string | number;
}>;


export type ClientQuery = { client: { id: string, provider: Provider, providerId: string, name: string, email: string | null, phone: string | null, mobile: string | null, notes: string | null, taxNumber: string | null, externalId: string | null, locale: string | null, currency: string | null, clientNumber: string | null, raw: Record<string, unknown>, address: { line1: string | null, line2: string | null, city: string | null, region: string | null, postalCode: string | null, countryCode: string | null, formatted: string | null } | null } | null };

export type ClientsQueryVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type ClientsQuery = { clients: Array<{ id: string, name: string } | null> };

export type ProvidersQueryVariables = Exact<{ [key: string]: never; }>;


export type ProvidersQuery = { providers: Array<{ provider: Provider, configured: boolean }> };

export type PayloadFieldsFragment = { client: { id: string, provider: Provider, providerId: string, name: string, email: string | null, phone: string | null, mobile: string | null, notes: string | null, taxNumber: string | null, externalId: string | null, locale: string | null, currency: string | null, clientNumber: string | null, raw: Record<string, unknown>, address: { line1: string | null, line2: string | null, city: string | null, region: string | null, postalCode: string | null, countryCode: string | null, formatted: string | null } | null } | null, userErrors: Array<{ field: Array<string>, message: string, code: ClientUserErrorCode }> };

export type CreateClientMutationVariables = Exact<{
  input: CreateClientInput;
}>;


export type CreateClientMutation = { createClient: { client: { id: string, provider: Provider, providerId: string, name: string, email: string | null, phone: string | null, mobile: string | null, notes: string | null, taxNumber: string | null, externalId: string | null, locale: string | null, currency: string | null, clientNumber: string | null, raw: Record<string, unknown>, address: { line1: string | null, line2: string | null, city: string | null, region: string | null, postalCode: string | null, countryCode: string | null, formatted: string | null } | null } | null, userErrors: Array<{ field: Array<string>, message: string, code: ClientUserErrorCode }> } | null };

export type UpdateClientMutationVariables = Exact<{
  id: string | number;
  input: UpdateClientInput;
}>;


export type UpdateClientMutation = { updateClient: { client: { id: string, provider: Provider, providerId: string, name: string, email: string | null, phone: string | null, mobile: string | null, notes: string | null, taxNumber: string | null, externalId: string | null, locale: string | null, currency: string | null, clientNumber: string | null, raw: Record<string, unknown>, address: { line1: string | null, line2: string | null, city: string | null, region: string | null, postalCode: string | null, countryCode: string | null, formatted: string | null } | null } | null, userErrors: Array<{ field: Array<string>, message: string, code: ClientUserErrorCode }> } | null };

export const ClientFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ClientFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Client"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"providerId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"mobile"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}},{"kind":"Field","name":{"kind":"Name","value":"taxNumber"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"locale"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"clientNumber"}},{"kind":"Field","name":{"kind":"Name","value":"raw"}},{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"line1"}},{"kind":"Field","name":{"kind":"Name","value":"line2"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"postalCode"}},{"kind":"Field","name":{"kind":"Name","value":"countryCode"}},{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}}]}}]} as unknown as DocumentNode<ClientFieldsFragment, unknown>;
export const PayloadFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PayloadFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ClientPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ClientFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ClientFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Client"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"providerId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"mobile"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}},{"kind":"Field","name":{"kind":"Name","value":"taxNumber"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"locale"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"clientNumber"}},{"kind":"Field","name":{"kind":"Name","value":"raw"}},{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"line1"}},{"kind":"Field","name":{"kind":"Name","value":"line2"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"postalCode"}},{"kind":"Field","name":{"kind":"Name","value":"countryCode"}},{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}}]}}]} as unknown as DocumentNode<PayloadFieldsFragment, unknown>;
export const ClientListDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ClientList"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Provider"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ClientFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clientList"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ClientListQuery, ClientListQueryVariables>;
export const FindClientsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindClients"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"email"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"taxNumber"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"externalId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findClients"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"email"},"value":{"kind":"Variable","name":{"kind":"Name","value":"email"}}},{"kind":"Argument","name":{"kind":"Name","value":"taxNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"taxNumber"}}},{"kind":"Argument","name":{"kind":"Name","value":"externalId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"externalId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clients"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"taxNumber"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"providers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<FindClientsQuery, FindClientsQueryVariables>;
export const ProviderFiltersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProviderFilters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"providers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"listsWithoutFilter"}},{"kind":"Field","name":{"kind":"Name","value":"filters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"matches"}},{"kind":"Field","name":{"kind":"Name","value":"find"}}]}}]}}]}}]} as unknown as DocumentNode<ProviderFiltersQuery, ProviderFiltersQueryVariables>;
export const ClientDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Client"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"client"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ClientFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ClientFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Client"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"providerId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"mobile"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}},{"kind":"Field","name":{"kind":"Name","value":"taxNumber"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"locale"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"clientNumber"}},{"kind":"Field","name":{"kind":"Name","value":"raw"}},{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"line1"}},{"kind":"Field","name":{"kind":"Name","value":"line2"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"postalCode"}},{"kind":"Field","name":{"kind":"Name","value":"countryCode"}},{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}}]}}]} as unknown as DocumentNode<ClientQuery, ClientQueryVariables>;
export const ClientsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Clients"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clients"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<ClientsQuery, ClientsQueryVariables>;
export const ProvidersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Providers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"providers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"configured"}}]}}]}}]} as unknown as DocumentNode<ProvidersQuery, ProvidersQueryVariables>;
export const CreateClientDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateClient"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateClientInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createClient"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PayloadFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ClientFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Client"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"providerId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"mobile"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}},{"kind":"Field","name":{"kind":"Name","value":"taxNumber"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"locale"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"clientNumber"}},{"kind":"Field","name":{"kind":"Name","value":"raw"}},{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"line1"}},{"kind":"Field","name":{"kind":"Name","value":"line2"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"postalCode"}},{"kind":"Field","name":{"kind":"Name","value":"countryCode"}},{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PayloadFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ClientPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ClientFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]} as unknown as DocumentNode<CreateClientMutation, CreateClientMutationVariables>;
export const UpdateClientDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateClient"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateClientInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateClient"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PayloadFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ClientFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Client"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"providerId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"mobile"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}},{"kind":"Field","name":{"kind":"Name","value":"taxNumber"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"locale"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"clientNumber"}},{"kind":"Field","name":{"kind":"Name","value":"raw"}},{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"line1"}},{"kind":"Field","name":{"kind":"Name","value":"line2"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"postalCode"}},{"kind":"Field","name":{"kind":"Name","value":"countryCode"}},{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PayloadFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ClientPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ClientFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]} as unknown as DocumentNode<UpdateClientMutation, UpdateClientMutationVariables>;