/**
 * Names for Prisma's SQL on PostgreSQL, so that pg prepares each statement once per connection (`statementNameGenerator`
 * of `@prisma/adapter-pg`; without one, every query is parsed, analysed and planned again). The same text always gets
 * the same name, in every connection of the process. pg remembers a connection's prepared statements for as long as it
 * is open, and so does PostgreSQL: only the first `limit` distinct texts are named, later ones get the empty name, which
 * is the protocol's unnamed statement (parsed every time, as before).
 * Prisma writes a list filter as `IN ($1,$2,…)`, one text per list length, so a context has a few hundred at most.
 */
export function createStatementNamer(limit = 1_000): (query: { sql: string }) => string {
  const names = new Map<string, string>();
  return ({ sql }) => {
    const known = names.get(sql);
    if (known !== undefined) return known;
    if (names.size >= limit) return '';
    const name = `caregraph_${names.size}`;
    names.set(sql, name);
    return name;
  };
}
