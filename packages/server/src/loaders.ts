/** DataLoader helpers: one query per entity type per request, whatever the number of rows asked for. */
import DataLoader from 'dataloader';

/** Loads entities by id with one `fetchMany` call per tick; missing ids resolve to null. */
export function byIdLoader<T extends { id: string }>(fetchMany: (ids: readonly string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await fetchMany(ids);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/**
 * Hands rows a statement brought along (a relation it joined) to their own loader, so resolving them later in the
 * request asks the database nothing more. A row the loader already holds is kept.
 */
export function primeAll<T extends { id: string }>(loader: DataLoader<string, T | null>, rows: Iterable<T | null>) {
  for (const row of rows) if (row) loader.prime(row.id, row);
}

/** Loads the list of children of each key (e.g. care-team members of each patient) with one `fetchMany` call. */
export function groupLoader<T>(fetchMany: (keys: readonly string[]) => Promise<T[]>, keyOf: (row: T) => string) {
  return new DataLoader<string, T[]>(async (keys) => {
    const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
    for (const row of await fetchMany(keys)) groups.get(keyOf(row))?.push(row);
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/**
 * Loads one result per structured query (e.g. each practitioner's free slots in a window) with one `fetchMany`
 * call; equal queries are asked once.
 */
export function queryLoader<Query extends object, T>(fetchMany: (queries: readonly Query[]) => Promise<T[]>) {
  return new DataLoader<Query, T, string>((queries) => fetchMany(queries), { cacheKeyFn: (query) => JSON.stringify(query) });
}
