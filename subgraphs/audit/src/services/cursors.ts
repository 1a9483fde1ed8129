/** Audit cursors: opaque to clients (base64url of `a:<sequence>`), so lists page by the chain's strictly increasing sequence. */
import { badUserInput } from '@caregraph/errors';

export const encodeCursor = (sequence: bigint) => Buffer.from(`a:${sequence}`).toString('base64url');

/** The sequence a cursor of the audit trail stands for; BAD_USER_INPUT for anything else. */
export function decodeCursor(cursor: string, field = 'after'): bigint {
  const decoded = Buffer.from(cursor, 'base64url').toString();
  const digits = decoded.startsWith('a:') ? decoded.slice(2) : '';
  if (!/^\d{1,19}$/.test(digits)) throw badUserInput(`\`${field}\` is not a cursor returned by the audit trail.`, field);
  return BigInt(digits);
}
