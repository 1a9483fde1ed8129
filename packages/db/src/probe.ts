/** Reachability of a configured PostgreSQL database, kept light (only `pg`) so a preflight can run before anything else loads. */
import pg from 'pg';

/**
 * Connects once and runs `SELECT 1`: undefined when the database answers, else a sentence a person can act on
 * (`database "x" does not exist`, `PostgreSQL at … is unreachable (ECONNREFUSED)`). Used by the startup preflight.
 */
export async function probeDatabase(databaseUrl: string, timeoutMs = 2_000): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined); // a dropped connection after the probe is not the probe's business
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    let where = 'PostgreSQL';
    try {
      const url = new URL(databaseUrl);
      where = `PostgreSQL at ${url.hostname}:${url.port || 5432}`;
    } catch {
      // unparsable URLs are reported by pg's own message below
    }
    if (code && /^[0-9A-Z]{5}$/.test(code)) return message; // PostgreSQL answered: its message names the problem
    if (/timeout/i.test(message)) return `${where} is unreachable (no answer within ${timeoutMs} ms)`;
    return `${where} is unreachable (${code ?? message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}
