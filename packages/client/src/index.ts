/**
 * Caregraph's typed client: the core flows as typed documents (`<Name>Document`, written in `operations.graphql`),
 * every type of the public schema, and a minimal `request` over fetch for scripts and tests. Frontends pass the same
 * documents to Apollo Client or urql (docs/client.md).
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

export * from './generated/graphql';

export type ClientError = { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } };
export type ClientResult<Data> = { data?: Data | null; errors?: ClientError[] };

/** Runs a typed query or mutation over HTTP; the result and the variables are typed by the document. */
export async function request<Data, Variables extends Record<string, unknown>>(
  url: string,
  document: TypedDocumentNode<Data, Variables>,
  ...[variables, options]: Variables extends Record<string, never> ? [Variables?, { token?: string }?] : [Variables, { token?: string }?]
): Promise<ClientResult<Data>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(options?.token ? { authorization: `Bearer ${options.token}` } : {}) },
    body: JSON.stringify({ query: print(document), variables: variables ?? {} }),
  });
  return (await response.json()) as ClientResult<Data>;
}
