/** A GraphQL POST as any client sends it. */
export type GraphQLResult<Data> = { data?: Data | null; errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[] };

export async function post<Data = Record<string, unknown>>(url: string, query: string, variables: Record<string, unknown> = {}, token = ''): Promise<GraphQLResult<Data>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResult<Data>;
}
