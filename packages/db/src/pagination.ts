/** Cursor pagination for root collections (docs/api.md, "Conventions"): `first` 1–100 (default 20), opaque `after` cursors. */
import { badUserInput } from '@caregraph/errors';

export type PageArgs = { first?: number | null; after?: string | null };
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const encodeCursor = (id: string) => Buffer.from(`c:${id}`).toString('base64url');
function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString();
  const id = decoded.startsWith('c:') ? decoded.slice(2) : '';
  if (!UUID.test(id)) throw badUserInput('`after` is not a cursor returned by this list.', 'after');
  return id;
}

/**
 * Prisma arguments for one page, ordered by a stable key ending in `id`. One extra row is fetched to know
 * whether another page follows.
 */
export function pageQuery(args: PageArgs) {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE)
    throw badUserInput(`\`first\` must be between 1 and ${MAX_PAGE_SIZE}.`, 'first');
  const after = args.after ? decodeCursor(args.after) : undefined;
  return { first, take: first + 1, ...(after ? { cursor: { id: after }, skip: 1 } : {}) };
}

export type Connection<Node> = {
  edges: { cursor: string; node: Node }[];
  nodes: Node[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** Counted only when a client selects it (the default resolver calls it). */
  totalCount: () => Promise<number>;
};

/**
 * Builds a connection from the rows of `pageQuery` (at most `first + 1`); `cursorOf` is for lists paged by another
 * key than `id` (the notifications inbox pages by its sequence).
 */
export function toConnection<Node>(rows: Node[], first: number, count: () => Promise<number>, cursorOf: (node: Node) => string = (node) => encodeCursor((node as { id: string }).id)): Connection<Node> {
  const nodes = rows.slice(0, first);
  const edges = nodes.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    nodes,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: count,
  };
}

/** The Prisma arguments of one page: pass them to `findMany` next to the query's `where` and `orderBy`. */
export type PageSlice = { take: number; cursor?: { id: string }; skip?: number };

/**
 * One page of a root collection: `fetch` runs the query with the page's slice (its `orderBy` must end in `id`),
 * `count` counts the whole collection only if a client selects `totalCount`.
 */
export async function paginate<Node extends { id: string }>(
  args: PageArgs,
  fetch: (slice: PageSlice) => Promise<Node[]>,
  count: () => Promise<number>,
): Promise<Connection<Node>> {
  const { first, take, cursor, skip } = pageQuery(args);
  return toConnection(await fetch(cursor ? { take, cursor, skip } : { take }), first, count);
}
