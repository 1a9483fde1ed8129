/**
 * Inbox cursors: opaque to clients (base64url of `n:<sequence>`), so the list pages by the strictly increasing
 * sequence and the `notificationReceived(after:)` subscription and `notificationsSince` replay from the same cursor.
 */
import { badUserInput } from '@caregraph/errors';

export const encodeCursor = (sequence: bigint) => Buffer.from(`n:${sequence}`).toString('base64url');

/** The sequence a cursor of this inbox stands for; BAD_USER_INPUT for anything else. */
export function decodeCursor(cursor: string, field = 'after'): bigint {
  const decoded = Buffer.from(cursor, 'base64url').toString();
  const digits = decoded.startsWith('n:') ? decoded.slice(2) : '';
  if (!/^\d{1,19}$/.test(digits)) throw badUserInput(`\`${field}\` is not a cursor returned by notifications.`, field);
  return BigInt(digits);
}
